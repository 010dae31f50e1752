import { describe, expect, it } from 'vitest';
import { parseXml, validateJunit, XmlNotWellFormed } from './junit.js';

// A sample that exercises the schema checker: suites, properties, and
// testcases with at most one of failure / error / skipped each (the CLI's own
// report, a suite per ID and a testcase per platform, is validated in
// test/report and test/e2e).
const VALID = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="upload-post" tests="4" failures="1" errors="1" time="12.5">
  <testsuite name="upload-post status" tests="4" failures="1" errors="1" skipped="1" time="12.5" timestamp="2025-01-02T03:04:05Z" hostname="ci">
    <properties>
      <property name="upload-post.version" value="0.1.0"/>
    </properties>
    <testcase classname="upload-post.tiktok" name="upload abc123" time="3.250">
      <system-out>done in 3.2 s</system-out>
    </testcase>
    <testcase classname="upload-post.instagram" name="upload def456" time="4.000">
      <failure message="rejected: video too long" type="platform-failed">platform said: &lt;too long&gt; &amp; more</failure>
      <system-out>status: failed</system-out>
    </testcase>
    <testcase classname="upload-post.youtube" name="upload ghi789" time="5.250">
      <error message="HTTP 503 past --timeout" type="transport">503 Service Unavailable</error>
    </testcase>
    <testcase classname="upload-post.x" name="upload jkl012" time="0">
      <skipped message="not requested"/>
    </testcase>
  </testsuite>
</testsuites>
`;

describe('validateJunit', () => {
  it('accepts a hand-written report with every element the CLI will write', async () => {
    expect(await validateJunit(VALID)).toEqual([]);
  });

  it('rejects a <failure> outside a <testcase>, naming the line and what was expected', async () => {
    const xml = VALID.replace(
      '<testcase classname="upload-post.x"',
      '<failure message="stray"/>\n    <testcase classname="upload-post.x"',
    );
    const errors = await validateJunit(xml);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^line 17: Element 'failure': This element is not expected/);
    expect(errors[0]).toContain('Expected is one of ( testcase, system-out, system-err )');
    expect(errors[0]).toContain('(at /testsuites/testsuite/failure)');
  });

  it('rejects a testcase without a name', async () => {
    const xml = VALID.replace(' name="upload def456"', '');
    const errors = await validateJunit(xml);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^line 10: Element 'testcase': The attribute 'name' is required but missing/);
  });

  it('rejects U+0001 however it is written: raw in text, raw in an attribute, or as &#1;', async () => {
    const inText = await validateJunit(VALID.replace('status: failed', 'status:\u0001failed'));
    expect(inText[0]).toMatch(/^line 12, column \d+: .*invalid Char value 1/);

    const inAttr = await validateJunit(VALID.replace('not requested', 'not\u0001requested'));
    expect(inAttr[0]).toMatch(/^line 18, column \d+: invalid character in attribute value/);

    const asRef = await validateJunit(VALID.replace('status: failed', 'status: &#1;failed'));
    expect(asRef[0]).toMatch(/^line 12, column \d+: xmlParseCharRef: invalid xmlChar value 1/);
  });

  it('rejects a NUL and a lone surrogate instead of silently truncating', async () => {
    expect((await validateJunit(VALID.replace('done in', 'done\u0000in')))[0]).toMatch(/^line 8, column \d+: Invalid character: Char 0x0/);
    // A lone surrogate becomes U+FFFD on the way to UTF-8 (legal XML), so that
    // check belongs to the serializer: this documents that the validator cannot see it.
    expect(await validateJunit(VALID.replace('done in', 'done\ud800in'))).toEqual([]);
  });

  it('documents what the schema itself enforces and what it does not', async () => {
    // Order inside <testcase> is fixed: skipped, error*, failure*, system-out*, system-err*.
    const outFirst = VALID.replace(
      /(<failure [^]*?<\/failure>)\s*(<system-out>status: failed<\/system-out>)/,
      '$2\n      $1',
    );
    expect((await validateJunit(outFirst))[0]).toContain("Element 'failure': This element is not expected");
    // <testsuite> needs name and tests; failures, errors, skipped, time, timestamp are optional.
    expect((await validateJunit(VALID.replace(' tests="4" failures="1" errors="1" skipped', ' skipped')))[0])
      .toContain("The attribute 'tests' is required but missing");
    // Not enforced: "at most one of failure/error/skipped" and the counts matching
    // the testcases. Tests of the CLI must check those with parseXml.
    const twoFailures = VALID.replace('<failure message="rejected', '<failure message="one"/><failure message="rejected');
    expect(await validateJunit(twoFailures)).toEqual([]);
    expect(await validateJunit(VALID.replace('tests="4" failures="1" errors="1" skipped', 'tests="99" failures="1" errors="1" skipped'))).toEqual([]);
  });
});

describe('parseXml', () => {
  it('returns a plain tree with attributes, text (entities decoded) and lines', () => {
    const root = parseXml(VALID);
    expect(root.name).toBe('testsuites');
    const suite = root.children[0]!;
    expect(suite.attrs).toMatchObject({ name: 'upload-post status', tests: '4', skipped: '1' });
    const cases = suite.children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => c.attrs['name'])).toEqual(['upload abc123', 'upload def456', 'upload ghi789', 'upload jkl012']);
    const failure = cases[1]!.children[0]!;
    expect(failure).toMatchObject({ name: 'failure', line: 11, text: 'platform said: <too long> & more' });
  });

  it('throws XmlNotWellFormed with every problem and its line', () => {
    let caught: unknown;
    try {
      parseXml('<testsuites>\n  <testsuite name="a" tests="0">\n</testsuites>\n');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(XmlNotWellFormed);
    const problems = (caught as XmlNotWellFormed).problems;
    expect(problems[0]).toMatch(/^line 3, column \d+: .*mismatch.*testsuite/i);
  });
});
