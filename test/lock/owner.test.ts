import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { defaultOwner, ownerFields, ownerJson, parseOwnerJson } from '../../src/lock/owner';

const d = { defaultPid: 4242, hostname: 'box' };

describe('owner text', () => {
  it('defaults to the calling shell (ppid) and the host name', () => {
    expect(defaultOwner()).toBe(`${process.ppid}:${hostname()}`);
    expect(defaultOwner(d)).toBe('4242:box');
  });

  it.each([
    ['123:host-a', { pid: 123, host: 'host-a' }],
    ['7:a:b', { pid: 7, host: 'a:b' }],
    ['0:h', { pid: 0, host: 'h' }],
    ['-5:h', { pid: -5, host: 'h' }],
    ['+5:h', { pid: 5, host: 'h' }],
    ['12:', { pid: 12, host: '' }],
    ['abc:rest', { pid: 4242, host: 'rest' }],
    [':rest', { pid: 4242, host: 'rest' }],
    ['1x:rest', { pid: 4242, host: 'rest' }],
    ['99999999999999999999:h', { pid: 4242, host: 'h' }],
    ['no-colon', { pid: 4242, host: 'box' }],
    ['', { pid: 4242, host: 'box' }],
  ])('%j gives %j', (owner, fields) => {
    expect(ownerFields(owner, d)).toEqual(fields);
  });
});

describe('owner.json text', () => {
  it('is compact, in contract key order, without a newline', () => {
    expect(ownerJson({ pid: 12, host: 'h', owner: '12:h', created: 1700000000 })).toBe(
      '{"pid":12,"host":"h","owner":"12:h","created":1700000000}',
    );
  });

  it('escapes like Go (HTML characters and line separators)', () => {
    expect(ownerJson({ pid: 1, host: '<a&b>', owner: 'q"\\\n\u2028', created: 0 })).toBe(
      '{"pid":1,"host":"\\u003ca\\u0026b\\u003e","owner":"q\\"\\\\\\n\\u2028","created":0}',
    );
  });

  it('parses what it writes; missing fields are zero; wrong types are unreadable', () => {
    const r = { pid: 3, host: 'x<', owner: 'o', created: 5 };
    expect(parseOwnerJson(ownerJson(r))).toEqual(r);
    expect(parseOwnerJson(`${ownerJson(r)}\n`)).toEqual(r);
    expect(parseOwnerJson('{}')).toEqual({ pid: 0, host: '', owner: '', created: 0 });
    expect(parseOwnerJson('{"pid":"3"}')).toBeUndefined();
    expect(parseOwnerJson('{"created":1.5}')).toBeUndefined();
    expect(parseOwnerJson('[1]')).toBeUndefined();
    expect(parseOwnerJson('null')).toBeUndefined();
    expect(parseOwnerJson('{"pid":1,')).toBeUndefined();
    expect(parseOwnerJson('')).toBeUndefined();
  });
});
