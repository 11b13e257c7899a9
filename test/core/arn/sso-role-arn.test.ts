import { describe, expect, it } from 'vitest';
import { parseRoleArn, partitionForRegion, pathlessRoleArn, roleFromAssumedRoleArn, sameArn, ssoRoleArns } from '../../../main/core/arn/sso-role-arn.js';

describe('ssoRoleArns', () => {
  it('puts the Identity Center region in the path outside us-east-1', () => {
    expect(ssoRoleArns({ accountId: '111122223333', roleName: 'AWSReservedSSO_Admin_0123456789abcdef', identityCenterRegion: 'eu-west-1' })).toEqual({
      full: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef',
      pathless: 'arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef',
      partition: 'aws',
    });
  });

  it('has no region segment when Identity Center lives in us-east-1', () => {
    const arns = ssoRoleArns({ accountId: '111122223333', roleName: 'AWSReservedSSO_Dev_fedcba9876543210', identityCenterRegion: 'us-east-1' });
    expect(arns.full).toBe('arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_fedcba9876543210');
    expect(arns.pathless).toBe('arn:aws:iam::111122223333:role/AWSReservedSSO_Dev_fedcba9876543210');
  });

  it('uses the partition of the region', () => {
    expect(ssoRoleArns({ accountId: '111122223333', roleName: 'R', identityCenterRegion: 'cn-north-1' }).full).toMatch(/^arn:aws-cn:iam::111122223333:role\/aws-reserved\/sso\.amazonaws\.com\/cn-north-1\/R$/);
    expect(partitionForRegion('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionForRegion('ap-southeast-2')).toBe('aws');
  });

  it('refuses account ids and role names that cannot be right', () => {
    expect(() => ssoRoleArns({ accountId: '1234', roleName: 'R', identityCenterRegion: 'us-east-1' })).toThrow(/12-digit/);
    expect(() => ssoRoleArns({ accountId: '111122223333', roleName: 'a/b', identityCenterRegion: 'us-east-1' })).toThrow(/role name/);
  });
});

describe('ARN helpers', () => {
  it('parses role ARNs with and without a path', () => {
    expect(parseRoleArn('arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_A_1')).toEqual({
      partition: 'aws',
      accountId: '111122223333',
      path: 'aws-reserved/sso.amazonaws.com/eu-west-1',
      roleName: 'AWSReservedSSO_A_1',
    });
    expect(parseRoleArn('arn:aws:iam::111122223333:role/NodeRole')?.path).toBe('');
    expect(parseRoleArn('arn:aws:iam::111122223333:user/bob')).toBeNull();
  });

  it('strips the path for aws-auth', () => {
    expect(pathlessRoleArn('arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_A_1')).toBe('arn:aws:iam::111122223333:role/AWSReservedSSO_A_1');
    expect(() => pathlessRoleArn('nonsense')).toThrow(/not an IAM role ARN/);
  });

  it('turns an STS assumed-role ARN into the role and the session user', () => {
    expect(roleFromAssumedRoleArn('arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_A_1/alice@example.com')).toEqual({
      roleArn: 'arn:aws:iam::111122223333:role/AWSReservedSSO_A_1',
      sessionName: 'alice@example.com',
    });
    expect(roleFromAssumedRoleArn('arn:aws:iam::111122223333:role/X')).toBeNull();
  });

  it('compares ARNs case-insensitively like the authenticator', () => {
    expect(sameArn('arn:aws:iam::111122223333:role/AWSReservedSSO_A_1', 'ARN:AWS:IAM::111122223333:ROLE/awsreservedsso_a_1 ')).toBe(true);
    expect(sameArn('arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/B')).toBe(false);
  });
});
