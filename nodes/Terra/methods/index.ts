export { searchLabReports, searchPlannedWorkouts, searchUsers, searchWorkouts } from './listSearch';
export { getProviders } from './loadOptions';
