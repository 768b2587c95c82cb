import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { isValidUscc } from '@ledger/regulation/shared';

/** A calendar date (CST day) or a date-time with its offset (docs/http-contract.md, Conventions). */
export const DATE_OR_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date field (YYYY-MM-DD); whether the day exists is the decider's to judge. */
export const IsDateOnly = () => Matches(DATE_ONLY, { message: '$property must be a date (YYYY-MM-DD)' });

/** A unified social credit code: one with a wrong check character names no enterprise, so it is malformed input. */
export const IsUscc = () =>
  ValidateBy({
    name: 'isUscc',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidUscc(value),
      defaultMessage: () =>
        '$property must be a unified social credit code: 18 characters of the GB 32100 alphabet ending in its check character',
    },
  });

/** Fields any command may carry: its document number (文号), legal basis and effective time. */
export class CommandDto {
  @ApiPropertyOptional({ example: '工信部信管〔2020〕81号' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  documentNo?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  legalBasis?: string[];

  @ApiPropertyOptional({ description: 'For an act recorded late: when it took effect (date or date-time).' })
  @IsOptional()
  @Matches(DATE_OR_DATE_TIME, { message: 'effectiveAt must be a date (YYYY-MM-DD) or a date-time with offset' })
  effectiveAt?: string;
}
