export { startWecomMock, type WecomMock, type WecomMockOptions, type CallbackOptions } from './mock.js';
export { generateOrganisation } from './organisation/generate.js';
export type { GenerateOptions, MockDepartment, MockExtAttr, MockOrganisation, MockTag, MockUser } from './organisation/types.js';
