// Text that must stay one line on stderr: an error message, a hook's stderr
// in a report. Line breaks (and the blanks around them) become one space;
// other control characters are escaped, so nothing a message quotes can move
// the cursor or forge a second line.
export function oneLine(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
