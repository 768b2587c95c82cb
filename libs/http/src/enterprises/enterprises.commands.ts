import { Injectable } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { enterpriseDecider, enterpriseStreamId, type EnterpriseCommand } from '@ledger/regulation/enterprises';
import { CommandExecutor, type CommandEnvelope } from '@ledger/core';
import { effectiveInstant } from '../commands/command-envelope';
import type {
  AnnualReportConfirmationDto,
  AnnualReportDto,
  AnnualReportOrderDto,
  RegisterEnterpriseDto,
  SelfInspectionDto,
} from './enterprises.dto';

export class RegisterEnterpriseCommand {
  constructor(
    readonly body: RegisterEnterpriseDto,
    readonly envelope: CommandEnvelope,
  ) {}
}

export class ReportSelfInspectionCommand {
  constructor(
    readonly uscc: string,
    readonly body: SelfInspectionDto,
    readonly envelope: CommandEnvelope,
  ) {}
}

export class FileAnnualReportCommand {
  constructor(
    readonly uscc: string,
    readonly body: AnnualReportDto,
    readonly envelope: CommandEnvelope,
  ) {}
}

export class OrderAnnualReportCommand {
  constructor(
    readonly uscc: string,
    readonly body: AnnualReportOrderDto,
    readonly envelope: CommandEnvelope,
  ) {}
}

export class ConfirmAnnualReportCommand {
  constructor(
    readonly uscc: string,
    readonly year: number,
    readonly body: AnnualReportConfirmationDto,
    readonly envelope: CommandEnvelope,
  ) {}
}

type EnterpriseRequest =
  RegisterEnterpriseCommand | ReportSelfInspectionCommand | FileAnnualReportCommand | OrderAnnualReportCommand | ConfirmAnnualReportCommand;

/** The enterprise's own stream; no enterprise rule reads another stream. */
@Injectable() // emits the constructor's parameter types for the subclasses' injection
abstract class EnterpriseHandler<T extends EnterpriseRequest> {
  constructor(private readonly executor: CommandExecutor) {}

  protected abstract toCommand(request: T): { uscc: string; command: EnterpriseCommand; at: string };

  execute(request: T) {
    const { uscc, command, at } = this.toCommand(request);
    return this.executor.execute({
      streamId: enterpriseStreamId(uscc),
      decider: enterpriseDecider,
      command,
      envelope: request.envelope,
      effectiveAt: at,
      context: () => ({ at }),
    });
  }
}

@CommandHandler(RegisterEnterpriseCommand)
export class RegisterEnterpriseHandler extends EnterpriseHandler<RegisterEnterpriseCommand> {
  protected toCommand({ body, envelope }: RegisterEnterpriseCommand) {
    const { uscc, name, province, address } = body;
    return {
      uscc,
      command: { type: 'RegisterEnterprise', data: { uscc, name, province, address } } as const,
      at: effectiveInstant(envelope),
    };
  }
}

@CommandHandler(ReportSelfInspectionCommand)
export class ReportSelfInspectionHandler extends EnterpriseHandler<ReportSelfInspectionCommand> {
  protected toCommand({ uscc, body, envelope }: ReportSelfInspectionCommand) {
    const { reportedOn, findings, rectifications, completedOn } = body;
    return {
      uscc,
      command: { type: 'ReportSelfInspection', data: { reportedOn, findings, rectifications, completedOn } } as const,
      at: effectiveInstant(envelope, { field: 'reportedOn', value: reportedOn }),
    };
  }
}

@CommandHandler(FileAnnualReportCommand)
export class FileAnnualReportHandler extends EnterpriseHandler<FileAnnualReportCommand> {
  protected toCommand({ uscc, body, envelope }: FileAnnualReportCommand) {
    const { year, reportedOn, operations, securityMeasures } = body;
    return {
      uscc,
      command: { type: 'FileAnnualReport', data: { year, reportedOn, operations, securityMeasures } } as const,
      at: effectiveInstant(envelope, { field: 'reportedOn', value: reportedOn }),
    };
  }
}

@CommandHandler(OrderAnnualReportCommand)
export class OrderAnnualReportHandler extends EnterpriseHandler<OrderAnnualReportCommand> {
  protected toCommand({ uscc, body, envelope }: OrderAnnualReportCommand) {
    const { year, orderedOn, deadline } = body;
    return {
      uscc,
      command: { type: 'OrderAnnualReport', data: { year, orderedOn, deadline } } as const,
      at: effectiveInstant(envelope, { field: 'orderedOn', value: orderedOn }),
    };
  }
}

@CommandHandler(ConfirmAnnualReportCommand)
export class ConfirmAnnualReportHandler extends EnterpriseHandler<ConfirmAnnualReportCommand> {
  protected toCommand({ uscc, year, body, envelope }: ConfirmAnnualReportCommand) {
    const { confirmedOn } = body;
    return {
      uscc,
      command: { type: 'ConfirmAnnualReport', data: { year, confirmedOn } } as const,
      at: effectiveInstant(envelope, { field: 'confirmedOn', value: confirmedOn }),
    };
  }
}

export const ENTERPRISE_HANDLERS = [
  RegisterEnterpriseHandler,
  ReportSelfInspectionHandler,
  FileAnnualReportHandler,
  OrderAnnualReportHandler,
  ConfirmAnnualReportHandler,
];
