IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [Aliases] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(128) NOT NULL,
        [Description] nvarchar(1024) NULL,
        [Enabled] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Aliases] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [AuditEvents] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetimeoffset NOT NULL,
        [Actor] nvarchar(256) NOT NULL,
        [Action] nvarchar(64) NOT NULL,
        [EntityType] nvarchar(64) NOT NULL,
        [EntityId] nvarchar(64) NOT NULL,
        [Before] nvarchar(max) NULL,
        [After] nvarchar(max) NULL,
        CONSTRAINT [PK_AuditEvents] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [Backends] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(128) NOT NULL,
        [Kind] nvarchar(32) NOT NULL,
        [BaseUrl] nvarchar(2048) NOT NULL,
        [Region] nvarchar(64) NULL,
        [Tier] nvarchar(16) NOT NULL,
        [CredentialKind] nvarchar(32) NOT NULL,
        [ProtectedApiKey] nvarchar(2048) NULL,
        [ManagedIdentityClientId] nvarchar(64) NULL,
        [ApiVersion] nvarchar(32) NULL,
        [Enabled] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Backends] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [ConfigVersions] (
        [Id] int NOT NULL,
        [Version] bigint NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_ConfigVersions] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [Teams] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(128) NOT NULL,
        [Description] nvarchar(1024) NULL,
        [Priority] nvarchar(16) NOT NULL,
        [AllowedRegions] nvarchar(max) NOT NULL,
        [AllowedAliases] nvarchar(max) NOT NULL,
        [MaxKeys] int NULL,
        [MaxKeyLifetimeDays] int NULL,
        [Enabled] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Teams] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [UsageHourlyRollups] (
        [Id] bigint NOT NULL IDENTITY,
        [HourStart] datetimeoffset NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [ApiKeyId] uniqueidentifier NOT NULL,
        [AliasName] nvarchar(128) NOT NULL,
        [DeploymentId] uniqueidentifier NOT NULL,
        [BackendId] uniqueidentifier NOT NULL,
        [Requests] bigint NOT NULL,
        [PromptTokens] bigint NOT NULL,
        [CompletionTokens] bigint NOT NULL,
        [ErrorCount] bigint NOT NULL,
        [ThrottledCount] bigint NOT NULL,
        [LatencyMsSum] bigint NOT NULL,
        [Cost] decimal(18,8) NOT NULL,
        CONSTRAINT [PK_UsageHourlyRollups] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [UsageRecords] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetimeoffset NOT NULL,
        [RequestId] nvarchar(64) NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [ApiKeyId] uniqueidentifier NULL,
        [AliasName] nvarchar(128) NOT NULL,
        [DeploymentId] uniqueidentifier NULL,
        [BackendId] uniqueidentifier NULL,
        [Operation] nvarchar(32) NOT NULL,
        [PromptTokens] int NOT NULL,
        [CompletionTokens] int NOT NULL,
        [StatusCode] int NOT NULL,
        [LatencyMs] int NOT NULL,
        [TimeToFirstTokenMs] int NULL,
        [Streamed] bit NOT NULL,
        [Estimated] bit NOT NULL,
        [Cost] decimal(18,8) NOT NULL,
        CONSTRAINT [PK_UsageRecords] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [Deployments] (
        [Id] uniqueidentifier NOT NULL,
        [BackendId] uniqueidentifier NOT NULL,
        [Name] nvarchar(128) NOT NULL,
        [Model] nvarchar(128) NOT NULL,
        [ModelVersion] nvarchar(64) NULL,
        [CapacityTokensPerMinute] int NULL,
        [CapacityRequestsPerMinute] int NULL,
        [InputPricePer1K] decimal(18,8) NOT NULL,
        [OutputPricePer1K] decimal(18,8) NOT NULL,
        [Enabled] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Deployments] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Deployments_Backends_BackendId] FOREIGN KEY ([BackendId]) REFERENCES [Backends] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [ApiKeys] (
        [Id] uniqueidentifier NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [Name] nvarchar(128) NOT NULL,
        [Prefix] nvarchar(32) NOT NULL,
        [SecretHash] varbinary(32) NOT NULL,
        [AllowedAliases] nvarchar(max) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [CreatedBy] nvarchar(256) NULL,
        [ExpiresAt] datetimeoffset NULL,
        [RevokedAt] datetimeoffset NULL,
        [LastUsedAt] datetimeoffset NULL,
        [RotatedFromKeyId] uniqueidentifier NULL,
        CONSTRAINT [PK_ApiKeys] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ApiKeys_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [TeamMembers] (
        [Id] uniqueidentifier NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [UserId] nvarchar(256) NOT NULL,
        [DisplayName] nvarchar(128) NULL,
        [Role] nvarchar(16) NOT NULL,
        [AddedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_TeamMembers] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_TeamMembers_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [AliasTargets] (
        [Id] uniqueidentifier NOT NULL,
        [AliasId] uniqueidentifier NOT NULL,
        [DeploymentId] uniqueidentifier NOT NULL,
        [Weight] int NOT NULL,
        [PriorityTier] int NULL,
        CONSTRAINT [PK_AliasTargets] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AliasTargets_Aliases_AliasId] FOREIGN KEY ([AliasId]) REFERENCES [Aliases] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AliasTargets_Deployments_DeploymentId] FOREIGN KEY ([DeploymentId]) REFERENCES [Deployments] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [Rollouts] (
        [Id] uniqueidentifier NOT NULL,
        [AliasId] uniqueidentifier NOT NULL,
        [FromDeploymentId] uniqueidentifier NOT NULL,
        [ToDeploymentId] uniqueidentifier NOT NULL,
        [Strategy] nvarchar(16) NOT NULL,
        [State] nvarchar(16) NOT NULL,
        [StepWeights] nvarchar(max) NOT NULL,
        [CurrentStep] int NOT NULL,
        [CurrentWeight] int NOT NULL,
        [StepHoldSeconds] int NOT NULL,
        [StepMinRequests] int NULL,
        [ShadowPercent] int NOT NULL,
        [MaxErrorRateIncrease] float NULL,
        [MaxThrottleRate] float NULL,
        [MaxLatencyRatio] float NULL,
        [MinSamples] int NOT NULL,
        [OnBreach] nvarchar(16) NOT NULL,
        [CreatedBy] nvarchar(256) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [StartedAt] datetimeoffset NULL,
        [StepStartedAt] datetimeoffset NULL,
        [CompletedAt] datetimeoffset NULL,
        [LeaseOwner] nvarchar(128) NULL,
        [LeaseExpiresAt] datetimeoffset NULL,
        CONSTRAINT [PK_Rollouts] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Rollouts_Aliases_AliasId] FOREIGN KEY ([AliasId]) REFERENCES [Aliases] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_Rollouts_Deployments_FromDeploymentId] FOREIGN KEY ([FromDeploymentId]) REFERENCES [Deployments] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Rollouts_Deployments_ToDeploymentId] FOREIGN KEY ([ToDeploymentId]) REFERENCES [Deployments] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [QuotaPolicies] (
        [Id] uniqueidentifier NOT NULL,
        [Scope] nvarchar(16) NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [ApiKeyId] uniqueidentifier NULL,
        [AliasId] uniqueidentifier NULL,
        [ScopeKey] nvarchar(96) NOT NULL,
        [RequestsPerMinute] int NULL,
        [TokensPerMinute] int NULL,
        [DailyTokenBudget] bigint NULL,
        [MonthlyTokenBudget] bigint NULL,
        [MaxTokensPerRequest] int NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_QuotaPolicies] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_QuotaPolicies_Aliases_AliasId] FOREIGN KEY ([AliasId]) REFERENCES [Aliases] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_QuotaPolicies_ApiKeys_ApiKeyId] FOREIGN KEY ([ApiKeyId]) REFERENCES [ApiKeys] ([Id]),
        CONSTRAINT [FK_QuotaPolicies_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE TABLE [RolloutEvents] (
        [Id] bigint NOT NULL IDENTITY,
        [RolloutId] uniqueidentifier NOT NULL,
        [At] datetimeoffset NOT NULL,
        [FromState] nvarchar(16) NOT NULL,
        [ToState] nvarchar(16) NOT NULL,
        [Weight] int NOT NULL,
        [Reason] nvarchar(1024) NOT NULL,
        [Metrics] nvarchar(max) NULL,
        [Actor] nvarchar(256) NULL,
        CONSTRAINT [PK_RolloutEvents] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_RolloutEvents_Rollouts_RolloutId] FOREIGN KEY ([RolloutId]) REFERENCES [Rollouts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'UpdatedAt', N'Version') AND [object_id] = OBJECT_ID(N'[ConfigVersions]'))
        SET IDENTITY_INSERT [ConfigVersions] ON;
    EXEC(N'INSERT INTO [ConfigVersions] ([Id], [UpdatedAt], [Version])
    VALUES (1, ''1970-01-01T00:00:00.0000000+00:00'', CAST(1 AS bigint))');
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'UpdatedAt', N'Version') AND [object_id] = OBJECT_ID(N'[ConfigVersions]'))
        SET IDENTITY_INSERT [ConfigVersions] OFF;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AliasTargets_AliasId_DeploymentId] ON [AliasTargets] ([AliasId], [DeploymentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_AliasTargets_DeploymentId] ON [AliasTargets] ([DeploymentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Aliases_Name] ON [Aliases] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ApiKeys_Prefix] ON [ApiKeys] ([Prefix]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_ApiKeys_TeamId] ON [ApiKeys] ([TeamId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEvents_Actor] ON [AuditEvents] ([Actor]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEvents_At] ON [AuditEvents] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEvents_EntityType_EntityId] ON [AuditEvents] ([EntityType], [EntityId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Backends_Name] ON [Backends] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Deployments_BackendId_Name] ON [Deployments] ([BackendId], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_QuotaPolicies_AliasId] ON [QuotaPolicies] ([AliasId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_QuotaPolicies_ApiKeyId] ON [QuotaPolicies] ([ApiKeyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_QuotaPolicies_ScopeKey] ON [QuotaPolicies] ([ScopeKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_QuotaPolicies_TeamId] ON [QuotaPolicies] ([TeamId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_RolloutEvents_RolloutId_At] ON [RolloutEvents] ([RolloutId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_Rollouts_AliasId_State] ON [Rollouts] ([AliasId], [State]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_Rollouts_FromDeploymentId] ON [Rollouts] ([FromDeploymentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_Rollouts_ToDeploymentId] ON [Rollouts] ([ToDeploymentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_TeamMembers_TeamId_UserId] ON [TeamMembers] ([TeamId], [UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_TeamMembers_UserId] ON [TeamMembers] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Teams_Name] ON [Teams] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_UsageHourlyRollups_HourStart_TeamId_ApiKeyId_AliasName_DeploymentId] ON [UsageHourlyRollups] ([HourStart], [TeamId], [ApiKeyId], [AliasName], [DeploymentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_UsageHourlyRollups_TeamId_HourStart] ON [UsageHourlyRollups] ([TeamId], [HourStart]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_UsageRecords_At] ON [UsageRecords] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    CREATE INDEX [IX_UsageRecords_TeamId_At] ON [UsageRecords] ([TeamId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125115636_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125115636_Initial', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125121803_TeamEntraApps'
)
BEGIN
    ALTER TABLE [Teams] ADD [EntraAppIds] nvarchar(max) NOT NULL DEFAULT N'[]';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125121803_TeamEntraApps'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125121803_TeamEntraApps', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125164129_MeteringAndChargeback'
)
BEGIN
    DROP INDEX [IX_UsageHourlyRollups_HourStart_TeamId_ApiKeyId_AliasName_DeploymentId] ON [UsageHourlyRollups];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125164129_MeteringAndChargeback'
)
BEGIN
    ALTER TABLE [Deployments] ADD [MonthlyFixedCost] decimal(18,4) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125164129_MeteringAndChargeback'
)
BEGIN
    CREATE UNIQUE INDEX [IX_UsageHourlyRollups_HourStart_TeamId_ApiKeyId_AliasName_DeploymentId_BackendId] ON [UsageHourlyRollups] ([HourStart], [TeamId], [ApiKeyId], [AliasName], [DeploymentId], [BackendId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125164129_MeteringAndChargeback'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125164129_MeteringAndChargeback', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128055318_RolloutDriving'
)
BEGIN
    EXEC sp_rename N'[Rollouts].[MaxThrottleRate]', N'MaxThrottleRateIncrease', 'COLUMN';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128055318_RolloutDriving'
)
BEGIN
    ALTER TABLE [Rollouts] ADD [MaxContentFilterRateIncrease] float NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128055318_RolloutDriving'
)
BEGIN
    ALTER TABLE [Rollouts] ADD [Revision] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128055318_RolloutDriving'
)
BEGIN
    CREATE TABLE [RolloutFigures] (
        [Id] bigint NOT NULL IDENTITY,
        [RolloutId] uniqueidentifier NOT NULL,
        [Phase] int NOT NULL,
        [Replica] nvarchar(128) NOT NULL,
        [Side] nvarchar(8) NOT NULL,
        [Requests] bigint NOT NULL,
        [Errors] bigint NOT NULL,
        [Throttled] bigint NOT NULL,
        [ContentFiltered] bigint NOT NULL,
        [LatencyHistogram] nvarchar(1024) NOT NULL,
        [FirstTokenHistogram] nvarchar(1024) NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_RolloutFigures] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_RolloutFigures_Rollouts_RolloutId] FOREIGN KEY ([RolloutId]) REFERENCES [Rollouts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128055318_RolloutDriving'
)
BEGIN
    CREATE UNIQUE INDEX [IX_RolloutFigures_RolloutId_Phase_Replica_Side] ON [RolloutFigures] ([RolloutId], [Phase], [Replica], [Side]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261128055318_RolloutDriving'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261128055318_RolloutDriving', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205100920_RolloutJudgedSteps'
)
BEGIN
    ALTER TABLE [Rollouts] ADD [AdvanceUnjudged] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205100920_RolloutJudgedSteps'
)
BEGIN
    ALTER TABLE [Rollouts] ADD [Assignment] nvarchar(16) NOT NULL DEFAULT N'PerClient';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205100920_RolloutJudgedSteps'
)
BEGIN
    ALTER TABLE [Rollouts] ADD [MaxStepSeconds] int NOT NULL DEFAULT 3600;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205100920_RolloutJudgedSteps'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205100920_RolloutJudgedSteps', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205113543_AliasFirstByteTimeout'
)
BEGIN
    ALTER TABLE [Aliases] ADD [FirstByteTimeoutSeconds] float NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205113543_AliasFirstByteTimeout'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205113543_AliasFirstByteTimeout', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205130427_AddThrottleEvents'
)
BEGIN
    CREATE TABLE [ThrottleEvents] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetimeoffset NOT NULL,
        [Kind] nvarchar(32) NOT NULL,
        [RequestId] nvarchar(64) NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [TeamName] nvarchar(128) NOT NULL,
        [ApiKeyId] uniqueidentifier NULL,
        [KeyName] nvarchar(128) NULL,
        [KeyPrefix] nvarchar(32) NULL,
        [EntraAppId] nvarchar(64) NULL,
        [AliasName] nvarchar(128) NOT NULL,
        [QuotaLimit] nvarchar(32) NULL,
        [PolicyId] uniqueidentifier NULL,
        [DeploymentId] uniqueidentifier NULL,
        [DeploymentName] nvarchar(128) NULL,
        [BackendId] uniqueidentifier NULL,
        [BackendName] nvarchar(128) NULL,
        [RetryAfterMs] int NULL,
        CONSTRAINT [PK_ThrottleEvents] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205130427_AddThrottleEvents'
)
BEGIN
    CREATE INDEX [IX_ThrottleEvents_At] ON [ThrottleEvents] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205130427_AddThrottleEvents'
)
BEGIN
    CREATE INDEX [IX_ThrottleEvents_TeamId_At] ON [ThrottleEvents] ([TeamId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205130427_AddThrottleEvents'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205130427_AddThrottleEvents', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205224310_TeamApiTokens'
)
BEGIN
    ALTER TABLE [ApiKeys] ADD [IssuedByUserId] nvarchar(256) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205224310_TeamApiTokens'
)
BEGIN
    CREATE TABLE [TeamApiTokens] (
        [Id] uniqueidentifier NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [Name] nvarchar(128) NOT NULL,
        [Prefix] nvarchar(32) NOT NULL,
        [SecretHash] varbinary(32) NOT NULL,
        [Scopes] int NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [CreatedBy] nvarchar(256) NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [RevokedAt] datetimeoffset NULL,
        CONSTRAINT [PK_TeamApiTokens] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_TeamApiTokens_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205224310_TeamApiTokens'
)
BEGIN
    CREATE UNIQUE INDEX [IX_TeamApiTokens_Prefix] ON [TeamApiTokens] ([Prefix]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205224310_TeamApiTokens'
)
BEGIN
    CREATE INDEX [IX_TeamApiTokens_TeamId] ON [TeamApiTokens] ([TeamId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205224310_TeamApiTokens'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205224310_TeamApiTokens', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [UsageRecords] ADD [AudioCompletionTokens] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [UsageRecords] ADD [AudioPromptTokens] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [UsageRecords] ADD [CachedPromptTokens] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [UsageRecords] ADD [ReasoningTokens] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [UsageRecords] ADD [ServiceTier] nvarchar(32) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [UsageHourlyRollups] ADD [AudioCompletionTokens] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [UsageHourlyRollups] ADD [AudioPromptTokens] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [UsageHourlyRollups] ADD [CachedPromptTokens] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [UsageHourlyRollups] ADD [ReasoningTokens] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [QuotaPolicies] ADD [BudgetAlertPercents] nvarchar(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [QuotaPolicies] ADD [DailyCostBudget] decimal(18,4) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    ALTER TABLE [QuotaPolicies] ADD [MonthlyCostBudget] decimal(18,4) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    CREATE TABLE [DeploymentPrices] (
        [Id] uniqueidentifier NOT NULL,
        [DeploymentId] uniqueidentifier NOT NULL,
        [ServiceTier] nvarchar(32) NOT NULL,
        [EffectiveFrom] datetimeoffset NOT NULL,
        [InputPer1K] decimal(18,8) NOT NULL,
        [CachedInputPer1K] decimal(18,8) NULL,
        [OutputPer1K] decimal(18,8) NOT NULL,
        [ReasoningPer1K] decimal(18,8) NULL,
        [AudioInputPer1K] decimal(18,8) NULL,
        [AudioOutputPer1K] decimal(18,8) NULL,
        [MonthlyFixedCost] decimal(18,4) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_DeploymentPrices] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_DeploymentPrices_Deployments_DeploymentId] FOREIGN KEY ([DeploymentId]) REFERENCES [Deployments] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    CREATE UNIQUE INDEX [IX_DeploymentPrices_DeploymentId_ServiceTier_EffectiveFrom] ON [DeploymentPrices] ([DeploymentId], [ServiceTier], [EffectiveFrom]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206030326_PriceTablesCostBudgetsTokenTypes'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206030326_PriceTablesCostBudgetsTokenTypes', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206032429_DeploymentPriceVersions'
)
BEGIN
    INSERT INTO [DeploymentPrices] ([Id], [DeploymentId], [ServiceTier], [EffectiveFrom], [InputPer1K], [OutputPer1K], [MonthlyFixedCost], [CreatedAt]) SELECT [Id], [Id], N'default', '2000-01-01T00:00:00+00:00', [InputPricePer1K], [OutputPricePer1K], [MonthlyFixedCost], [CreatedAt] FROM [Deployments];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206032429_DeploymentPriceVersions'
)
BEGIN
    DECLARE @var nvarchar(max);
    SELECT @var = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[Deployments]') AND [c].[name] = N'InputPricePer1K');
    IF @var IS NOT NULL EXEC(N'ALTER TABLE [Deployments] DROP CONSTRAINT ' + @var + ';');
    ALTER TABLE [Deployments] DROP COLUMN [InputPricePer1K];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206032429_DeploymentPriceVersions'
)
BEGIN
    DECLARE @var1 nvarchar(max);
    SELECT @var1 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[Deployments]') AND [c].[name] = N'MonthlyFixedCost');
    IF @var1 IS NOT NULL EXEC(N'ALTER TABLE [Deployments] DROP CONSTRAINT ' + @var1 + ';');
    ALTER TABLE [Deployments] DROP COLUMN [MonthlyFixedCost];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206032429_DeploymentPriceVersions'
)
BEGIN
    DECLARE @var2 nvarchar(max);
    SELECT @var2 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[Deployments]') AND [c].[name] = N'OutputPricePer1K');
    IF @var2 IS NOT NULL EXEC(N'ALTER TABLE [Deployments] DROP CONSTRAINT ' + @var2 + ';');
    ALTER TABLE [Deployments] DROP COLUMN [OutputPricePer1K];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206032429_DeploymentPriceVersions'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206032429_DeploymentPriceVersions', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206041742_AlertChannelsAndDeliveries'
)
BEGIN
    CREATE TABLE [AlertChannels] (
        [Id] uniqueidentifier NOT NULL,
        [TeamId] uniqueidentifier NULL,
        [Name] nvarchar(128) NOT NULL,
        [Kind] nvarchar(32) NOT NULL,
        [ProtectedUrl] nvarchar(max) NULL,
        [UrlDisplay] nvarchar(2048) NULL,
        [EmailRecipients] nvarchar(1024) NULL,
        [Kinds] nvarchar(512) NOT NULL,
        [Enabled] bit NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_AlertChannels] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AlertChannels_Teams_TeamId] FOREIGN KEY ([TeamId]) REFERENCES [Teams] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206041742_AlertChannelsAndDeliveries'
)
BEGIN
    CREATE TABLE [AlertEvents] (
        [Id] uniqueidentifier NOT NULL,
        [Kind] nvarchar(32) NOT NULL,
        [TeamId] uniqueidentifier NULL,
        [Title] nvarchar(256) NOT NULL,
        [Message] nvarchar(4000) NOT NULL,
        [FactsJson] nvarchar(max) NOT NULL,
        [At] datetimeoffset NOT NULL,
        [DedupeKey] nvarchar(256) NULL,
        CONSTRAINT [PK_AlertEvents] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206041742_AlertChannelsAndDeliveries'
)
BEGIN
    CREATE TABLE [AlertDeliveries] (
        [Id] uniqueidentifier NOT NULL,
        [EventId] uniqueidentifier NOT NULL,
        [ChannelId] uniqueidentifier NOT NULL,
        [State] nvarchar(16) NOT NULL,
        [Attempts] int NOT NULL,
        [NextAttemptAt] datetimeoffset NOT NULL,
        [LastError] nvarchar(512) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [DeliveredAt] datetimeoffset NULL,
        CONSTRAINT [PK_AlertDeliveries] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AlertDeliveries_AlertChannels_ChannelId] FOREIGN KEY ([ChannelId]) REFERENCES [AlertChannels] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AlertDeliveries_AlertEvents_EventId] FOREIGN KEY ([EventId]) REFERENCES [AlertEvents] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206041742_AlertChannelsAndDeliveries'
)
BEGIN
    CREATE INDEX [IX_AlertChannels_TeamId] ON [AlertChannels] ([TeamId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206041742_AlertChannelsAndDeliveries'
)
BEGIN
    CREATE INDEX [IX_AlertDeliveries_ChannelId] ON [AlertDeliveries] ([ChannelId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206041742_AlertChannelsAndDeliveries'
)
BEGIN
    CREATE INDEX [IX_AlertDeliveries_CreatedAt] ON [AlertDeliveries] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206041742_AlertChannelsAndDeliveries'
)
BEGIN
    CREATE INDEX [IX_AlertDeliveries_EventId] ON [AlertDeliveries] ([EventId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206041742_AlertChannelsAndDeliveries'
)
BEGIN
    CREATE INDEX [IX_AlertDeliveries_State_NextAttemptAt] ON [AlertDeliveries] ([State], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206041742_AlertChannelsAndDeliveries'
)
BEGIN
    CREATE INDEX [IX_AlertEvents_At] ON [AlertEvents] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206041742_AlertChannelsAndDeliveries'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_AlertEvents_DedupeKey] ON [AlertEvents] ([DedupeKey]) WHERE [DedupeKey] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206041742_AlertChannelsAndDeliveries'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206041742_AlertChannelsAndDeliveries', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206042200_BudgetNotices'
)
BEGIN
    CREATE TABLE [BudgetNotices] (
        [Id] bigint NOT NULL IDENTITY,
        [PolicyId] uniqueidentifier NOT NULL,
        [Measure] nvarchar(16) NOT NULL,
        [Period] nvarchar(16) NOT NULL,
        [PeriodStart] datetimeoffset NOT NULL,
        [Percent] int NOT NULL,
        [Spent] decimal(20,4) NOT NULL,
        [Budget] decimal(20,4) NOT NULL,
        [NotifiedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_BudgetNotices] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_BudgetNotices_QuotaPolicies_PolicyId] FOREIGN KEY ([PolicyId]) REFERENCES [QuotaPolicies] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206042200_BudgetNotices'
)
BEGIN
    CREATE UNIQUE INDEX [IX_BudgetNotices_PolicyId_Measure_Period_PeriodStart_Percent] ON [BudgetNotices] ([PolicyId], [Measure], [Period], [PeriodStart], [Percent]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206042200_BudgetNotices'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206042200_BudgetNotices', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206042710_ClosedPeriods'
)
BEGIN
    CREATE TABLE [ClosedPeriods] (
        [Id] uniqueidentifier NOT NULL,
        [DayStart] datetimeoffset NOT NULL,
        [ClosedAt] datetimeoffset NOT NULL,
        [ClosedBy] nvarchar(256) NOT NULL,
        [Reopened] bit NOT NULL,
        [ReopenedAt] datetimeoffset NULL,
        [ReopenedBy] nvarchar(256) NULL,
        [ReopenReason] nvarchar(500) NULL,
        CONSTRAINT [PK_ClosedPeriods] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206042710_ClosedPeriods'
)
BEGIN
    CREATE TABLE [FixedCostAllocationLines] (
        [Id] bigint NOT NULL IDENTITY,
        [ClosedPeriodId] uniqueidentifier NOT NULL,
        [DayStart] datetimeoffset NOT NULL,
        [DeploymentId] uniqueidentifier NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [AliasName] nvarchar(128) NOT NULL,
        [Tokens] bigint NOT NULL,
        [Amount] decimal(18,8) NOT NULL,
        [DailyFixedCost] decimal(18,8) NOT NULL,
        CONSTRAINT [PK_FixedCostAllocationLines] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_FixedCostAllocationLines_ClosedPeriods_ClosedPeriodId] FOREIGN KEY ([ClosedPeriodId]) REFERENCES [ClosedPeriods] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206042710_ClosedPeriods'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ClosedPeriods_DayStart] ON [ClosedPeriods] ([DayStart]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206042710_ClosedPeriods'
)
BEGIN
    CREATE INDEX [IX_FixedCostAllocationLines_ClosedPeriodId] ON [FixedCostAllocationLines] ([ClosedPeriodId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206042710_ClosedPeriods'
)
BEGIN
    CREATE UNIQUE INDEX [IX_FixedCostAllocationLines_DayStart_DeploymentId_TeamId_AliasName] ON [FixedCostAllocationLines] ([DayStart], [DeploymentId], [TeamId], [AliasName]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206042710_ClosedPeriods'
)
BEGIN
    CREATE INDEX [IX_FixedCostAllocationLines_TeamId_DayStart] ON [FixedCostAllocationLines] ([TeamId], [DayStart]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206042710_ClosedPeriods'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206042710_ClosedPeriods', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206061907_UsageRecordRequestIdIndex'
)
BEGIN
    CREATE INDEX [IX_UsageRecords_RequestId] ON [UsageRecords] ([RequestId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206061907_UsageRecordRequestIdIndex'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206061907_UsageRecordRequestIdIndex', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206182416_InFlightCapAndModelVersions'
)
BEGIN
    ALTER TABLE [Teams] ADD [MaxRequestsInFlight] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206182416_InFlightCapAndModelVersions'
)
BEGIN
    ALTER TABLE [Aliases] ADD [AllowMixedModelVersions] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206182416_InFlightCapAndModelVersions'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206182416_InFlightCapAndModelVersions', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206192524_CapacitySharing'
)
BEGIN
    ALTER TABLE [ApiKeys] ADD [Priority] nvarchar(16) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206192524_CapacitySharing'
)
BEGIN
    ALTER TABLE [Aliases] ADD [HighReservedPercent] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206192524_CapacitySharing'
)
BEGIN
    ALTER TABLE [Aliases] ADD [LowQueueSeconds] float NOT NULL DEFAULT 30.0E0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206192524_CapacitySharing'
)
BEGIN
    ALTER TABLE [Aliases] ADD [MaxQueueLength] int NOT NULL DEFAULT 100;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206192524_CapacitySharing'
)
BEGIN
    ALTER TABLE [Aliases] ADD [NormalQueueSeconds] float NOT NULL DEFAULT 0.0E0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206192524_CapacitySharing'
)
BEGIN
    ALTER TABLE [Aliases] ADD [RoutingStrategy] nvarchar(16) NOT NULL DEFAULT N'Weighted';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206192524_CapacitySharing'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206192524_CapacitySharing', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206192813_StatefulOwnership'
)
BEGIN
    CREATE TABLE [StoredObjectOwners] (
        [ObjectId] nvarchar(256) NOT NULL,
        [Kind] nvarchar(32) NOT NULL,
        [DeploymentId] uniqueidentifier NOT NULL,
        [BackendId] uniqueidentifier NOT NULL,
        [TeamId] uniqueidentifier NOT NULL,
        [ApiKeyId] uniqueidentifier NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_StoredObjectOwners] PRIMARY KEY ([ObjectId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206192813_StatefulOwnership'
)
BEGIN
    CREATE INDEX [IX_StoredObjectOwners_ExpiresAt] ON [StoredObjectOwners] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206192813_StatefulOwnership'
)
BEGIN
    CREATE INDEX [IX_StoredObjectOwners_TeamId_Kind] ON [StoredObjectOwners] ([TeamId], [Kind]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261206192813_StatefulOwnership'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261206192813_StatefulOwnership', N'10.0.15');
END;

COMMIT;
GO

