// Who is behind a key (FORMAT.md §14.7), in the UI's words: the message key of each tier, each
// way a lead checks, what a website showed, and why a fetch got no answer. One table, used by
// the signatories table, the review queue, Verify and Your identity.
import type { FetchFailure, Finding } from './backend';

export const TIER_KEY: Record<string, string> = {
  website: 'signatories.tierWebsite',
  attested: 'signatories.tierAttested',
  'self-declared': 'signatories.tierSelfDeclared',
};

export const METHOD_KEY: Record<string, string> = {
  'in-person': 'signatories.methodInPerson',
  call: 'signatories.methodCall',
  'email-thread': 'signatories.methodEmailThread',
  other: 'signatories.methodOther',
};

export const FINDING_KEY: Record<Finding, string> = {
  listed: 'signatories.finding.listed',
  'key-not-listed': 'signatories.finding.key-not-listed',
  'other-statements': 'signatories.finding.other-statements',
  'not-a-well-known-file': 'signatories.finding.not-a-well-known-file',
  'http-status': 'signatories.finding.http-status',
  'other-host': 'signatories.finding.other-host',
};

export const FAILURE_KEY: Record<FetchFailure['kind'], string> = {
  dns: 'signatories.failure.dns',
  'private-address': 'signatories.failure.private-address',
  connect: 'signatories.failure.connect',
  tls: 'signatories.failure.tls',
  timeout: 'signatories.failure.timeout',
  redirect: 'signatories.failure.redirect',
  'too-large': 'signatories.failure.too-large',
  other: 'signatories.failure.other',
};
