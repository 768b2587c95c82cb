/** Which numbers a licence carries, and which contracts a number keeps (docs/domain.md §5). */
export {
  accessConsequences,
  contractStatusAt,
  numberConsequences,
  numberStatusAt,
  type AccessConsequence,
  type ContractWithNumber,
  type HolderNumber,
  type LicenceDecision,
  type NumberChange,
  type NumberConsequence,
} from './licence-consequences';
