import { assertNever, type Decider } from '../shared';
import type { LicensingCommand } from './commands';
import { decideAcceptance, decideApplication, recordSiteInspection, submit } from './decide-application';
import { decideOnLicence } from './decide-licence';
import type { LicensingEvent } from './events';
import type { LicensingContext } from './rules';
import { evolveLicensing, initialLicensingState, type LicensingState } from './state';

export * from './state';

function decide(command: LicensingCommand, state: LicensingState, context: LicensingContext): LicensingEvent[] {
  switch (command.type) {
    case 'SubmitLicenceApplication':
      return [submit(command, state, context)];
    case 'DecideAcceptance':
      return [decideAcceptance(command, state, context)];
    case 'RecordSiteInspection':
      return [recordSiteInspection(command, state, context)];
    case 'DecideApplication':
      return [decideApplication(command, state, context)];
    case 'RenewLicence':
    case 'VaryLicence':
    case 'SuspendLicence':
    case 'ReinstateLicence':
    case 'RevokeLicence':
    case 'WithdrawLicence':
    case 'CancelLicence':
    case 'RecordCommitmentVerification':
      return decideOnLicence(command, state, context);
    default:
      return assertNever(command);
  }
}

/** 准入管理: a licence application and, once granted, the licence, as one stream. */
export const licensingDecider: Decider<LicensingCommand, LicensingEvent, LicensingState, LicensingContext> = {
  initialState: initialLicensingState,
  evolve: evolveLicensing,
  decide,
};
