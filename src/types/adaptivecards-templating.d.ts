// The package's own typings pull in adaptivecards' TypeScript sources, which do not compile
// under this project's settings; this is the small surface we use (a CommonJS module).
declare module 'adaptivecards-templating' {
  export interface EvaluationContext {
    $root?: unknown;
  }
  export class Template {
    constructor(payload: unknown);
    expand(context: EvaluationContext): unknown;
  }
}
