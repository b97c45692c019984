// SPDX-License-Identifier: ISC
// The agency picker's client-side filter folds as the server's search
// does (docs/API.md, "Spaces in the search"): accents, case and đ, and
// every code point the search takes for a space made one space, so
// "so noi vu" finds "Sở<U+00A0>Nội<U+3000>vụ"; U+200B stays in its word,
// as it does on the server.  Plain node, no browser.
//
//   make check-browser

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fold } from '../../nginx/www/js/agency-picker.js';

const SPACES = [0x20, 0x09, 0x0a, 0x0d, 0xa0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f, 0x205f, 0x3000];

describe('the agency filter folds spaces as the search does', () => {
  it('every search space, alone or in a run, is one space; none at the edges', () => {
    for (const cp of SPACES) {
      const sp = String.fromCodePoint(cp);
      assert.equal(fold(`${sp}Sở${sp}Nội${sp}${sp}vụ${sp}`), 'so noi vu', `U+${cp.toString(16)}`);
    }
  });
  it('other invisible characters stay in their word', () => {
    for (const cp of [0x200b, 0x2028, 0x1680, 0xfeff]) {
      const c = String.fromCodePoint(cp);
      assert.equal(fold(`Sở${c}Nội`), `so${c}noi`, `U+${cp.toString(16)}`);
    }
  });
});
