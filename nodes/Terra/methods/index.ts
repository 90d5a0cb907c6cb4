export { searchUsers } from './listSearch';
export { getProviders } from './loadOptions';
