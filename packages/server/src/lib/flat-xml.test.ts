import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFlatXml } from './flat-xml.js';

describe('readFlatXml', () => {
  it("reads WeCom's callback XML: CDATA and plain values, nested elements skipped", () => {
    const xml = `<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>
<CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>
<ChangeType>update_user</ChangeType><UserID><![CDATA[zhang<san>]]></UserID><Name><![CDATA[张三 & co]]></Name>
<Department><![CDATA[1,2,3]]></Department><Position>R&amp;D</Position>
<ExtAttr><Item><Name><![CDATA[爱好]]></Name><Type>0</Type><Text><Value><![CDATA[旅游]]></Value></Text></Item></ExtAttr>
<Status>1</Status></xml>`;
    assert.deepEqual(readFlatXml(xml), {
      ToUserName: 'wwcorp',
      FromUserName: 'sys',
      CreateTime: '1403610513',
      MsgType: 'event',
      Event: 'change_contact',
      ChangeType: 'update_user',
      UserID: 'zhang<san>',
      Name: '张三 & co',
      Department: '1,2,3',
      Position: 'R&D',
      Status: '1',
    });
  });

  it('joins a value split over CDATA sections (how "]]>" is written inside CDATA)', () => {
    assert.deepEqual(readFlatXml('<xml><Name><![CDATA[a]]]]><![CDATA[>b]]></Name></xml>'), { Name: 'a]]>b' });
  });

  it('reads nothing from what is not WeCom XML', () => {
    assert.deepEqual(readFlatXml('{"a":1}'), {});
    assert.deepEqual(readFlatXml('<xml><A>1</B></xml>'), {});
  });
});
