// The one "do not edit" notice every generated file starts with.
export const DO_NOT_EDIT =
  'GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.';

export function header(style: 'ts' | 'sh' | 'sql' | 'md'): string {
  switch (style) {
    case 'ts':
      return `// ${DO_NOT_EDIT}\n`;
    case 'sh':
      return `# ${DO_NOT_EDIT}\n`;
    case 'sql':
      return `-- ${DO_NOT_EDIT}\n`;
    case 'md':
      return `<!-- ${DO_NOT_EDIT} -->\n`;
  }
}
