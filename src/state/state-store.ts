import type { StateDatabase } from './db.ts';
import { AccountStatesRepo } from './account-states-repo.ts';
import { ActionsRepo } from './actions-repo.ts';
import { AuditRepo } from './audit-repo.ts';
import { CheckResultsRepo } from './check-results-repo.ts';
import { MessageRefsRepo } from './message-refs-repo.ts';
import { OperationsRepo } from './operations-repo.ts';
import { TemporaryServersRepo } from './temporary-servers-repo.ts';
import { TimersRepo } from './timers-repo.ts';

/** Every repository over one state database connection pool. */
export class StateStore {
  readonly operations: OperationsRepo;
  readonly actions: ActionsRepo;
  readonly audit: AuditRepo;
  readonly messages: MessageRefsRepo;
  readonly timers: TimersRepo;
  readonly temporaryServers: TemporaryServersRepo;
  readonly accountStates: AccountStatesRepo;
  readonly checks: CheckResultsRepo;

  constructor(readonly database: StateDatabase) {
    const { db } = database;
    this.operations = new OperationsRepo(db);
    this.actions = new ActionsRepo(db);
    this.audit = new AuditRepo(db);
    this.messages = new MessageRefsRepo(db);
    this.timers = new TimersRepo(db);
    this.temporaryServers = new TemporaryServersRepo(db);
    this.accountStates = new AccountStatesRepo(db);
    this.checks = new CheckResultsRepo(db);
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
