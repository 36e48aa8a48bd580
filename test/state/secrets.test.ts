import { describe, expect, it } from 'vitest';
import { FailureError } from '../../src/cli/errors';
import { checkNoSecret, findSecret, secretKind } from '../../src/state/secrets';

// Secret-shaped strings, built so that each is just past its pattern's minimum.
const API = 'sk-abc1234567890abcdefghijklmnop'; // the contract's example
const GITHUB = `ghp_${'A1b2C3'.repeat(5)}`; // 30 after the prefix
const SLACK = `xoxb-${'1234-abcd-'.repeat(2)}`; // 20 after the prefix
const JWT = `eyJ${'a'.repeat(20)}.${'B_-'.repeat(7)}.`;
const AWS = 'AKIAIOSFODNN7EXAMPLE';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow...';
const ASSIGN = 'password=hunter2!!';

describe('secretKind', () => {
  it.each([
    // 1. API key prefixes
    [API, 'API key'],
    [`pk_${'x'.repeat(20)}`, 'API key'],
    [`rk-${'9'.repeat(20)}`, 'API key'],
    [`ak_${'Z'.repeat(20)}`, 'API key'],
    [`SK-${'a'.repeat(20)}`, 'API key'], // case-insensitive
    [`sk-${'a'.repeat(20)} and more text`, 'API key'], // a prefix is enough
    [`sk-${'a'.repeat(19)}`, undefined],
    [`sk.${'a'.repeat(20)}`, undefined],
    [`sk-${'a'.repeat(10)}-${'a'.repeat(10)}`, undefined],
    [`xsk-${'a'.repeat(20)}`, undefined], // anchored at the start
    [` sk-${'a'.repeat(20)}`, undefined],
    [`note\nsk-${'a'.repeat(20)}`, undefined], // ^ is the string's start, not a line's
    // Go's (?i) folds Unicode: the long s and the Kelvin sign match too
    [`\u017Fk-${'a'.repeat(20)}`, 'API key'],
    [`s\u212A-${'a'.repeat(20)}`, 'API key'],
    // 2. GitHub tokens
    [GITHUB, 'GitHub token'],
    [`gho_${'_'.repeat(30)}`, 'GitHub token'],
    [`GHS_${'a'.repeat(30)}`, 'GitHub token'],
    [`ghu_${'a'.repeat(29)}`, undefined],
    [`ghx_${'a'.repeat(30)}`, undefined],
    // 3. Slack tokens
    [SLACK, 'Slack token'],
    [`XOXP-${'a'.repeat(20)}`, 'Slack token'],
    [`xoxs-${'a'.repeat(20)}`, 'Slack token'],
    [`xoxc-${'a'.repeat(20)}`, undefined],
    [`xoxa-${'a'.repeat(19)}`, undefined],
    // 4. JWTs
    [JWT, 'JWT'],
    [`EYJ${'a'.repeat(20)}.${'b'.repeat(20)}.`, 'JWT'],
    [`eyJ${'a'.repeat(20)}.${'b'.repeat(20)}`, undefined], // no second dot
    [`eyJ${'a'.repeat(19)}.${'b'.repeat(20)}.sig`, undefined],
    // 5. AWS access key ids
    [AWS, 'AWS access key id'],
    ['akiaiosfodnn7example', 'AWS access key id'],
    ['AKIAIOSFODNN7EXAMPL', undefined],
    ['AKIA-IOSFODNN7EXAMPLE', undefined],
    // 6. PEM private keys
    [PEM, 'private key'],
    ['-----BEGIN PRIVATE KEY-----', 'private key'],
    ['-----begin openssh private key', 'private key'],
    ['-----BEGIN EC PRIVATE KEY', 'private key'],
    ['-----BEGIN DSA PRIVATE KEY', 'private key'],
    ['-----BEGIN PUBLIC KEY-----', undefined],
    ['-----BEGIN ENCRYPTED PRIVATE KEY-----', undefined],
    ['-----BEGIN RSA  PRIVATE KEY', undefined],
    ['x-----BEGIN PRIVATE KEY', undefined],
    // 7. assignments, anywhere
    [ASSIGN, 'secret assignment'],
    ['export API_KEY = abcdefgh', 'secret assignment'],
    ['my_token:abcdefgh', 'secret assignment'],
    ['PassWord:\t\r\n\f abcdefgh', 'secret assignment'],
    ['first line\nsecret: 12345678', 'secret assignment'],
    ['api-key=12345678', 'secret assignment'],
    ['apikey=12345678', 'secret assignment'],
    ['access_key=12345678', 'secret assignment'],
    ['private_key=12345678', 'secret assignment'],
    ['passwd=12345678', 'secret assignment'],
    ['password=1234567', undefined], // 7 non-space
    ['password = 1234 5678', undefined],
    ['password is 12345678', undefined],
    ['the word password alone', undefined],
    // \v and NBSP are not \s: they cannot stand between the name and the sign...
    ['password\v=12345678', undefined],
    ['password\u00a0=12345678', undefined],
    ['password\u2003=12345678', undefined],
    // ...and they are \S, so they count towards the eight
    ['password=\v1234567', 'secret assignment'],
    ['password=\u00a01234567', 'secret assignment'],
    ['password=1234\u00a0567', 'secret assignment'],
    ['password=1234\t567', undefined],
    // \S counts code points: seven emoji are seven, not fourteen
    [`password=${'😀'.repeat(8)}`, 'secret assignment'],
    [`password=${'😀'.repeat(7)}`, undefined],
    ['', undefined],
    ['hello world', undefined],
  ])('%j → %s', (text, kind) => {
    expect(secretKind(text)).toBe(kind);
  });
});

describe('findSecret', () => {
  it.each<[string, unknown, { kind: string; path: string } | undefined]>([
    ['the contract example', { token: API }, { kind: 'API key', path: '$.token' }],
    ['a top-level string', API, { kind: 'API key', path: '$' }],
    ['a nested path', { a: [0, 1, { b: GITHUB }] }, { kind: 'GitHub token', path: '$.a[2].b' }],
    ['the second key of an object', { a: 'fine', b: SLACK }, { kind: 'Slack token', path: '$.b' }],
    ['the third key of an object', { a: 'fine', b: 2, c: JWT }, { kind: 'JWT', path: '$.c' }],
    ['the third key, nested', { x: { a: 1, b: 2, c: AWS } }, { kind: 'AWS access key id', path: '$.x.c' }],
    ['nested arrays', [[[], ['ok', [PEM]]]], { kind: 'private key', path: '$[0][1][1][0]' }],
    ['the first in document order', { a: ASSIGN, b: API }, { kind: 'secret assignment', path: '$.a' }],
    ['the first in document order, in an array', ['x', [API], ASSIGN], { kind: 'API key', path: '$[1][0]' }],
    // keys that are not identifiers: JSON-quoted in brackets
    ['a key with a space', { 'a b': API }, { kind: 'API key', path: '$["a b"]' }],
    ['an empty key', { '': API }, { kind: 'API key', path: '$[""]' }],
    ['a key with a dot', { 'a.b': API }, { kind: 'API key', path: '$["a.b"]' }],
    ['a numeric key', { '9': API }, { kind: 'API key', path: '$["9"]' }],
    ['a key with a quote and a backslash', { 'q"\\': API }, { kind: 'API key', path: '$["q\\"\\\\"]' }],
    ['a key with a newline', { 'a\nb': [API] }, { kind: 'API key', path: '$["a\\nb"][0]' }],
    ['an identifier key with digits and underscores', { _a9: { B_: API } }, { kind: 'API key', path: '$._a9.B_' }],
    // what is never tested
    ['a secret-looking key', { [API]: 1 }, undefined],
    ['secret-looking keys in second and third place', { a: 1, [API]: 'x', [GITHUB]: { [AWS]: null } }, undefined],
    ['numbers, booleans, null', { token: 12345678901234567890, password: true, secret: null }, undefined],
    ['an empty object', {}, undefined],
    ['an empty array', [], undefined],
    ['null', null, undefined],
    ['a number', 1e21, undefined],
    ['a harmless document', { name: 'sprint', steps: ['plan', 'execute'], env: { TOKEN_VAR: 'GITHUB_TOKEN' } }, undefined],
  ])('%s', (_name, value, expected) => {
    expect(findSecret(value)).toEqual(expected);
  });

  it('reads payloads as JSON.parse gives them, including a "__proto__" key', () => {
    expect(findSecret(JSON.parse(`{"a":1,"__proto__":"${API}"}`))).toEqual({ kind: 'API key', path: '$.__proto__' });
    expect(findSecret(JSON.parse(`{"a":"x","a":"${API}"}`))).toEqual({ kind: 'API key', path: '$.a' }); // the last duplicate wins
  });

  it('walks very deep nesting without recursion', () => {
    const deep = (n: number, leaf: unknown) => {
      let v: unknown = leaf;
      for (let i = 0; i < n; i++) v = [v];
      return v;
    };
    expect(findSecret(JSON.parse(`${'['.repeat(1000)}"${API}"${']'.repeat(1000)}`))).toEqual({
      kind: 'API key',
      path: `$${'[0]'.repeat(1000)}`,
    });
    expect(findSecret(deep(200_000, 'fine'))).toBeUndefined();
    expect(findSecret(deep(200_000, API))?.path.length).toBe(1 + 3 * 200_000);
  });
});

describe('checkNoSecret', () => {
  it('passes a clean payload', () => {
    expect(() => checkNoSecret({ a: ['b', 1, { c: 'password' }] })).not.toThrow();
  });

  it.each([
    [{ token: API }, 'API key at $.token'],
    [{ a: 'x', b: { c: [GITHUB] } }, 'GitHub token at $.b.c[0]'],
    [SLACK, 'Slack token at $'],
    [{ 'my key': JWT }, 'JWT at $["my key"]'],
    [[AWS], 'AWS access key id at $[0]'],
    [{ k: PEM }, 'private key at $.k'],
    [{ env: ASSIGN }, 'secret assignment at $.env'],
  ])('rejects %j, exit 2, without echoing the value', (payload, where) => {
    let thrown: unknown;
    try {
      checkNoSecret(payload);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FailureError);
    expect((thrown as FailureError).exit).toBe(2);
    const message = (thrown as FailureError).message;
    expect(message).toBe(`payload contains a likely secret (${where}); store variable names for provenance, not secret values`);
    // No run of the value longer than three characters shows up in the message.
    const secret = JSON.stringify(payload)
      .match(/"([^"]{8,})"/g)!
      .map((s) => s.slice(1, -1))
      .find((s) => s.length >= 18)!;
    for (let i = 0; i + 4 <= secret.length; i++) expect(message).not.toContain(secret.slice(i, i + 4));
  });
});
