// JUnit XML checks for tests, with no system package: libxml2 itself, built to
// WebAssembly (the `libxml2-wasm` dev dependency), parses the report and
// validates it against the Jenkins JUnit schema in test/fixtures/junit/ (see
// the README there for where it came from and why). Offline, in-process.
//
//   const errors = await validateJunit(xml);   // [] = well-formed and valid
//   expect(errors).toEqual([]);
//   const root = parseXml(xml);                 // throws XmlNotWellFormed
//   root.children[0]?.attrs['tests']
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  XmlCData,
  XmlDocument,
  XmlElement,
  XmlLibError,
  XmlText,
  XsdValidator,
  type ErrorDetail,
} from 'libxml2-wasm';

export const JUNIT_XSD_PATH = fileURLToPath(
  new URL('../fixtures/junit/jenkins-junit.xsd', import.meta.url),
);

/** The name libxml2 puts in front of each diagnostic. */
const REPORT_NAME = 'report.xml';

/** One element of a parsed document: a plain object, nothing to dispose. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The element's own text and CDATA, concatenated (not its children's). */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

/** Thrown by parseXml: the input is not well-formed XML 1.0. */
export class XmlNotWellFormed extends Error {
  constructor(readonly problems: string[]) {
    super(`not well-formed XML:\n  ${problems.join('\n  ')}`);
    this.name = 'XmlNotWellFormed';
  }
}

function describe(d: ErrorDetail): string {
  const where = d.col > 0 ? `line ${d.line}, column ${d.col}` : `line ${d.line}`;
  const at = d.xpath ? ` (at ${d.xpath})` : '';
  return `${where}: ${d.message.trim()}${at}`;
}

function problemsOf(err: unknown): string[] {
  if (err instanceof XmlLibError && err.details.length > 0) return err.details.map(describe);
  return [err instanceof Error ? err.message : String(err)];
}

// Bytes, not a JS string: a NUL or a lone surrogate must reach the parser
// (and be rejected there) rather than cut the input short.
function load(xml: string): XmlDocument {
  try {
    return XmlDocument.fromBuffer(Buffer.from(xml, 'utf8'), { url: REPORT_NAME });
  } catch (err) {
    throw new XmlNotWellFormed(problemsOf(err));
  }
}

function toNode(el: XmlElement): XmlNode {
  const node: XmlNode = { name: el.name, attrs: {}, children: [], text: '', line: el.line };
  for (const a of el.attrs) node.attrs[a.name] = a.value;
  for (let c = el.firstChild; c; c = c.next) {
    if (c instanceof XmlElement) node.children.push(toNode(c));
    else if (c instanceof XmlText || c instanceof XmlCData) node.text += c.content;
  }
  return node;
}

/** Parse with libxml2 (a conforming XML 1.0 parser). Throws XmlNotWellFormed. */
export function parseXml(xml: string): XmlNode {
  const doc = load(xml);
  try {
    return toNode(doc.root);
  } finally {
    doc.dispose();
  }
}

// Built once per worker and kept, with the schema document it was compiled
// from (libxml2 may still point into it), for the life of the process.
let validator: XsdValidator | undefined;

function junitValidator(): XsdValidator {
  if (!validator) {
    const schemaDoc = XmlDocument.fromString(readFileSync(JUNIT_XSD_PATH, 'utf8'), {
      url: JUNIT_XSD_PATH,
    });
    validator = XsdValidator.fromDoc(schemaDoc);
  }
  return validator;
}

/**
 * Every problem with a JUnit report, as `line N, column M: message (at /xpath)`:
 * well-formedness first (a document that does not parse is not validated),
 * then the schema. An empty array means the report is well-formed and valid.
 */
export async function validateJunit(xml: string): Promise<string[]> {
  let doc: XmlDocument;
  try {
    doc = load(xml);
  } catch (err) {
    return err instanceof XmlNotWellFormed ? err.problems : problemsOf(err);
  }
  try {
    junitValidator().validate(doc);
    return [];
  } catch (err) {
    return problemsOf(err);
  } finally {
    doc.dispose();
  }
}
