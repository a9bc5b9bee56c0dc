// Where an accepted file may be uploaded (issue 30.3): only the OneDrive hosts Teams names, over
// https. A check that lost its leading dot would take evilsharepoint.com; one that matched the
// start would take sharepoint.com.evil.example.
import { describe, expect, it } from 'vitest';
import { uploads } from './files.js';

const HOSTS = ['sharepoint.com', 'sharepoint.us'];
const TABLE: [string, boolean][] = [
  ['https://contoso.sharepoint.com/personal/u/_api/upload', true],
  ['https://contoso-my.sharepoint.com/x', true],
  ['https://sharepoint.com/x', true],
  ['https://agency.sharepoint.us/x', true],
  ['https://evilsharepoint.com/x', false],
  ['https://sharepoint.com.evil.example/x', false],
  ['https://contoso.sharepoint.com.evil.example/x', false],
  ['https://evil.example/contoso.sharepoint.com', false],
  ['https://evil.example/?u=https://contoso.sharepoint.com', false],
  ['https://contoso.sharepoint.com@evil.example/x', false],
  ['http://contoso.sharepoint.com/x', false],
  ['ftp://contoso.sharepoint.com/x', false],
  ['javascript:alert(1)//contoso.sharepoint.com', false],
  ['not a url', false],
  ['', false],
  ['https://contoso.sharepoint.co/x', false],
  ['https://sharepoint.de/x', false],
];

describe('the upload host check', () => {
  const check = uploads(HOSTS, false);
  for (const [url, ok] of TABLE)
    it(`${ok ? 'takes' : 'refuses'} ${url || '(empty)'}`, () => {
      expect(check.allowed(url)).toBe(ok);
    });

  it('takes plain http only where it is allowed (tests), and still only the named hosts', () => {
    const local = uploads(['127.0.0.1'], true);
    expect(local.allowed('http://127.0.0.1:4000/upload/x')).toBe(true);
    expect(local.allowed('http://127.0.0.2:4000/upload/x')).toBe(false);
    expect(uploads(HOSTS, true).allowed('http://evilsharepoint.com/x')).toBe(false);
  });
});
