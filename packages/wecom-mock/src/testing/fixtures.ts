import type { MockOrganisation, MockUser } from '../organisation/types.js';

export function member(user: Partial<MockUser> & { userid: string; name: string; department: number[] }): MockUser {
  return {
    order: user.department.map(() => 0),
    position: '',
    mobile: '',
    gender: '1',
    email: `${user.userid}@lanting.example.com`,
    biz_mail: '',
    is_leader_in_dept: user.department.map(() => 0),
    direct_leader: [],
    avatar: `https://wework.qpic.cn/wwpic/${user.userid}/0`,
    thumb_avatar: `https://wework.qpic.cn/wwpic/${user.userid}/100`,
    telephone: '',
    alias: '',
    address: '',
    open_userid: `wo${user.userid}`,
    main_department: user.department[0]!,
    extattr: { attrs: [] },
    status: 1,
    qr_code: '',
    external_position: '',
    ...user,
  };
}

/**
 * 兰亭科技(1) ─ 研发中心(2) ─ 前端组(3)
 *            └ 销售部(4) ─ 华东区(5)
 */
export function smallOrganisation(): MockOrganisation {
  return {
    departments: [
      { id: 1, name: '兰亭科技', name_en: 'Lanting', department_leader: ['zhangsan'], parentid: 0, order: 100 },
      { id: 2, name: '研发中心', name_en: 'R&D', department_leader: ['lisi'], parentid: 1, order: 90 },
      { id: 3, name: '前端组', name_en: 'Frontend', department_leader: [], parentid: 2, order: 80 },
      { id: 4, name: '销售部', name_en: 'Sales', department_leader: [], parentid: 1, order: 95 },
      { id: 5, name: '华东区', name_en: 'East China', department_leader: [], parentid: 4, order: 70 },
    ],
    users: [
      member({ userid: 'zhangsan', name: '张三', department: [1], is_leader_in_dept: [1], position: '总经理', mobile: '13800000001' }),
      member({ userid: 'lisi', name: '李四', department: [2], is_leader_in_dept: [1], direct_leader: ['zhangsan'], mobile: '13800000002' }),
      member({ userid: 'wangwu', name: '王五', department: [3, 5], gender: '2', mobile: '13800000003' }),
      member({ userid: 'zhaoliu', name: '赵六', department: [3], mobile: '13800000004' }),
      member({ userid: 'sunqi', name: '孙七', department: [4], mobile: '13800000005' }),
      member({ userid: 'zhouba', name: '周八', department: [5], status: 2 }),
      member({ userid: 'wujiu', name: '吴九', department: [5], status: 5 }),
      member({ userid: 'emily.chen', name: 'Emily Chen', department: [4], gender: '2' }),
    ],
    tags: [
      { tagid: 1, tagname: '管理层', users: ['zhangsan', 'lisi'], parties: [] },
      { tagid: 2, tagname: 'QA', users: ['sunqi'], parties: [3] },
    ],
  };
}
