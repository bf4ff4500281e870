import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { parseXml } from '../testing/receiver.js';
import { callbackProblem, cdata, changeXml } from './callbacks.js';

describe('callback crypto (@wecom/crypto)', () => {
  it('reproduces the URL-check test vector of wecom.md', () => {
    const echostr = '6KmUQuPVu7UhjyVqRdbo5SfcRqaHvbUlKSHFvBV2ZuR6TIlKsygcfeSd1GDplg1C5KSKr6UPHCaC/nIX3ZNt9w==';
    assert.equal(getSignature('kjr2TKI8umCBfVF3wAHk8JiPwma5VBme', '1583940690', 'VHh7ymSeb0jc4lSb', echostr), '1ba3cb09c0d2c2b3ed6900d37f91a6efae6cb011');
    const { message, id } = decrypt('4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIws', echostr);
    assert.equal(message, '94966531020182955848408');
    assert.equal(id, 'ww6a112864f8022910');
  });

  it('pads to a multiple of 32 bytes, as WeCom does', () => {
    const key = '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIws';
    for (const message of ['', 'a', 'x'.repeat(11), '中文'.repeat(40)]) {
      const encrypted = encrypt(key, message, 'wwmock');
      assert.equal(Buffer.from(encrypted, 'base64').length % 32, 0);
      assert.deepEqual({ ...decrypt(key, encrypted), random: null }, { message, id: 'wwmock', random: null });
    }
  });
});

describe('change_contact plain XML', () => {
  it('writes the header, strings in CDATA and numbers bare', () => {
    const xml = changeXml('wwcorp', 1700000000, { changeType: 'create_party', fields: [['Id', 7], ['Name', '前端组'], ['ParentId', 2], ['Order', 1]], reduced: [['Id', 7]] }, false);
    assert.equal(
      xml,
      '<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime>' +
        '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[create_party]]></ChangeType>' +
        '<Id>7</Id><Name><![CDATA[前端组]]></Name><ParentId>2</ParentId><Order>1</Order></xml>',
    );
    const reduced = parseXml(changeXml('wwcorp', 1, { changeType: 'create_party', fields: [['Id', 7], ['Name', 'x']], reduced: [['Id', 7]] }, true));
    assert.deepEqual(Object.keys(reduced.fields), ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event', 'ChangeType', 'Id']);
  });

  it('keeps "]]>" inside text intact', () => {
    assert.equal(cdata('a]]>b'), '<![CDATA[a]]]]><![CDATA[>b]]>');
    // two CDATA sections: an XML reader joins them and gets the text back
    assert.equal(cdata('a]]>b').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1'), 'a]]>b');
  });

  it('refuses callback settings WeCom would refuse', () => {
    const good = { url: 'http://127.0.0.1:1/cb', token: 'abc123', encodingAESKey: 'a'.repeat(43) };
    assert.equal(callbackProblem(good), undefined);
    assert.match(callbackProblem({ ...good, url: 'ftp://x' })!, /http/);
    assert.match(callbackProblem({ ...good, token: 'a-b' })!, /token/);
    assert.match(callbackProblem({ ...good, encodingAESKey: 'short' })!, /encodingAESKey/);
  });
});
