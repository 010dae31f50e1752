// The colour a word is shown in, named by what it means rather than by hue, so
// the API and outcome tables can say it and only the renderer's theme picks a
// colour (docs/ARCHITECTURE.md, "One vocabulary").
export type Tone = 'ok' | 'fail' | 'warn' | 'info' | 'dim';
