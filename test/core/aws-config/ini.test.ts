import { describe, expect, it } from 'vitest';
import { findSection, parseIni, serializeIni, upsertSection } from '../../../main/core/aws-config/ini.js';

const original = `# my AWS config, hand-written
[default]
region = eu-west-1
s3 =
  max_concurrent_requests = 10

; the work SSO
[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = us-east-1
# keep this comment

[profile other]
region=us-west-2
output = json
`;

describe('ini editing', () => {
  it('round-trips a file byte for byte', () => {
    expect(serializeIni(parseIni(original))).toBe(original);
    expect(serializeIni(parseIni('[a]\nx = 1'))).toBe('[a]\nx = 1');
  });

  it('reads values the way the SDKs do, ignoring nested and commented lines', () => {
    const document = parseIni(original);
    expect(findSection(document, 'default')!.values.get('s3')).toBe('');
    expect(findSection(document, 'default')!.values.has('max_concurrent_requests')).toBe(false);
    expect(findSection(document, 'profile other')!.values.get('region')).toBe('us-west-2');
  });

  it('rewrites a key in place and adds new keys after the last key of the section', () => {
    const edited = serializeIni(
      upsertSection(parseIni(original), 'sso-session acme', [
        ['sso_region', 'eu-central-1'],
        ['sso_registration_scopes', 'sso:account:access'],
      ]),
    );
    expect(edited).toBe(
      original
        .replace('sso_region = us-east-1\n# keep this comment\n', 'sso_region = eu-central-1\n# keep this comment\nsso_registration_scopes = sso:account:access\n'),
    );
  });

  it('appends a new section after one blank line and leaves the rest alone', () => {
    const edited = serializeIni(upsertSection(parseIni(original), 'profile dev', [['sso_session', 'acme']]));
    expect(edited).toBe(`${original}\n[profile dev]\nsso_session = acme\n`);
    expect(serializeIni(upsertSection(parseIni(''), 'profile dev', [['a', 'b']]))).toBe('[profile dev]\na = b\n');
  });
});
