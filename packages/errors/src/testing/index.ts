export { errorClassProblems, exportedErrorClasses, messageStyleProblems } from './error-class-problems.js';
export { thrown, rejection } from './thrown.js';
