import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { OutboundUrlError, parseWebhookUrl } from '@ledger/subscriptions';

/**
 * The URL's shape (scheme, no credentials). Whether it may point inside the network is
 * configuration, checked by the controller, so that it can name the same field.
 */
function IsWebhookUrl(): PropertyDecorator {
  return ValidateBy({
    name: 'isWebhookUrl',
    validator: {
      validate: (value) => typeof value === 'string' && shapeProblem(value) === null,
      defaultMessage: (args) => `url ${shapeProblem(String(args?.value)) ?? 'is invalid'}`,
    },
  });
}

function shapeProblem(raw: string): string | null {
  try {
    parseWebhookUrl(raw, true);
    return null;
  } catch (error) {
    if (error instanceof OutboundUrlError) return error.message;
    throw error;
  }
}

/** `POST /v1/webhooks` (docs/http-contract.md, Subscriptions). */
export class RegisterWebhookDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Client-chosen id; the server assigns one otherwise.' })
  @IsOptional()
  @IsUUID()
  webhookId?: string;

  @ApiProperty({
    example: 'https://receiver.example/ledger-events',
    description: 'http or https; internal addresses only where LEDGER_WEBHOOK_ALLOW_PRIVATE allows.',
  })
  @IsString()
  @MaxLength(2000)
  @IsWebhookUrl()
  url!: string;

  @ApiProperty({ type: [String], example: ['PenaltyImposed', 'CreditListEntryAdded'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(/^[A-Za-z][A-Za-z0-9]{0,99}$/, { each: true, message: 'types must be event type names such as PenaltyImposed' })
  types!: string[];

  @ApiProperty({ writeOnly: true, minLength: 16, description: 'HMAC-SHA256 key of X-Ledger-Signature; never returned.' })
  @IsString()
  @MinLength(16)
  @MaxLength(512)
  secret!: string;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Deliver the events after this position (0: the whole log).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  fromPosition?: number;
}
