import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CommandDto } from '../commands/common.dto';

export class PoolFilterDto {
  @ApiPropertyOptional({ example: '110000' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'province must be a six-digit GB/T 2260 code' })
  province?: string;

  @ApiPropertyOptional({ description: 'Only enterprises holding a valid licence' })
  @IsOptional()
  @IsBoolean()
  licensedOnly?: boolean;
}

/** 双随机: random enterprises, random inspectors, reproducible from what is recorded. */
export class InspectionDrawDto extends CommandDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  drawId?: string;

  @ApiProperty({ description: 'Any string; anyone can re-run the draw from it' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  seed!: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(100_000)
  sampleSize!: number;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  inspectors!: string[];

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(20)
  inspectorsPerEnterprise!: number;

  @ApiPropertyOptional({ type: PoolFilterDto })
  @IsOptional()
  @IsObject() // ValidateNested alone also takes an array of such objects
  @ValidateNested()
  @Type(() => PoolFilterDto)
  poolFilter?: PoolFilterDto;
}
