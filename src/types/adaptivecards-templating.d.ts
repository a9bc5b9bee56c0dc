// The one class of adaptivecards-templating the bot uses. The package's own typings pull in
// adaptivecards' TypeScript sources, which do not compile under this project's settings;
// tsconfig's `paths` points the import here instead (the JavaScript is the package's).
export class Template {
  constructor(payload: unknown);
  expand(context: { $root: unknown }): unknown;
}
