import { describe, expect, it } from 'vitest';
import { oneLine } from '../../src/format/text';

describe('oneLine', () => {
  it('joins lines with one space and trims', () => {
    expect(oneLine('  first\n  second \r\n\nthird\n')).toBe('first second third');
  });
  it('escapes control characters so nothing can move the cursor or forge a line; keeps tabs', () => {
    expect(oneLine('a\u001b[2Jb\u0007c\td\u007f')).toBe('a\\u001b[2Jb\\u0007c\td\\u007f');
  });
});
