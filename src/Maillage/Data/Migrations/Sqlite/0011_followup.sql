-- 0011 follow-up: episodes, care teams, contacts, handoffs, alerts, settings; idempotency records for retried requests.

CREATE TABLE "FollowUpEpisodes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_FollowUpEpisodes" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "PatientLastName" TEXT NOT NULL,
    "PatientFirstName" TEXT NOT NULL,
    "PatientBirthDate" TEXT NULL,
    "PatientPhone" TEXT NULL,
    "PatientCommuneCode" TEXT NOT NULL,
    "RegularDoctorId" INTEGER NULL,
    "Reason" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Notes" TEXT NULL,
    "OpenedAtUtc" TEXT NOT NULL,
    "OpenedBy" TEXT NOT NULL,
    "OpenedByUserId" TEXT NOT NULL,
    "OwnerId" INTEGER NULL,
    "OwnerAccepted" INTEGER NOT NULL,
    "NextContactDueUtc" TEXT NULL,
    "LastContactUtc" TEXT NULL,
    "ClosedAtUtc" TEXT NULL,
    "CloseReason" TEXT NULL,
    "SourceCallId" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_FollowUpEpisodes_Professionals_OwnerId" FOREIGN KEY ("OwnerId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_FollowUpEpisodes_Professionals_RegularDoctorId" FOREIGN KEY ("RegularDoctorId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_FollowUpEpisodes_RegulationCalls_SourceCallId" FOREIGN KEY ("SourceCallId") REFERENCES "RegulationCalls" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_FollowUpEpisodes_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CareTeamMembers" (
    "EpisodeId" INTEGER NOT NULL,
    "ProfessionalId" INTEGER NOT NULL,
    "Role" TEXT NOT NULL,
    "AddedAtUtc" TEXT NOT NULL,
    "AddedBy" TEXT NOT NULL,
    CONSTRAINT "PK_CareTeamMembers" PRIMARY KEY ("EpisodeId", "ProfessionalId"),
    CONSTRAINT "FK_CareTeamMembers_FollowUpEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "FollowUpEpisodes" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_CareTeamMembers_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "EpisodeContacts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_EpisodeContacts" PRIMARY KEY AUTOINCREMENT,
    "EpisodeId" INTEGER NOT NULL,
    "AtUtc" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "Notes" TEXT NULL,
    "ByProfessionalId" INTEGER NULL,
    "By" TEXT NOT NULL,
    "RecordedAtUtc" TEXT NOT NULL,
    CONSTRAINT "FK_EpisodeContacts_FollowUpEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "FollowUpEpisodes" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_EpisodeContacts_Professionals_ByProfessionalId" FOREIGN KEY ("ByProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Handoffs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Handoffs" PRIMARY KEY AUTOINCREMENT,
    "EpisodeId" INTEGER NOT NULL,
    "Attempt" INTEGER NOT NULL,
    "ProfessionalId" INTEGER NOT NULL,
    "Basis" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "RequestedAtUtc" TEXT NOT NULL,
    "DeadlineUtc" TEXT NOT NULL,
    "AnsweredAtUtc" TEXT NULL,
    "DeclineReason" TEXT NULL,
    CONSTRAINT "FK_Handoffs_FollowUpEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "FollowUpEpisodes" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Handoffs_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "FollowUpAlerts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_FollowUpAlerts" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "EpisodeId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Message" TEXT NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "AcknowledgedAtUtc" TEXT NULL,
    "AcknowledgedBy" TEXT NULL,
    CONSTRAINT "FK_FollowUpAlerts_FollowUpEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "FollowUpEpisodes" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_FollowUpAlerts_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "FollowUpSettings" (
    "TerritoryId" INTEGER NOT NULL CONSTRAINT "PK_FollowUpSettings" PRIMARY KEY,
    "HandoffDeadlineHours" INTEGER NOT NULL,
    "MaxFailuresBeforeAlert" INTEGER NOT NULL,
    CONSTRAINT "FK_FollowUpSettings_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "IdempotencyRecords" (
    "UserId" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Request" TEXT NOT NULL,
    "StatusCode" INTEGER NULL,
    "Body" TEXT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    CONSTRAINT "PK_IdempotencyRecords" PRIMARY KEY ("UserId", "Key")
);

CREATE INDEX "IX_CareTeamMembers_ProfessionalId" ON "CareTeamMembers" ("ProfessionalId");

CREATE INDEX "IX_EpisodeContacts_ByProfessionalId" ON "EpisodeContacts" ("ByProfessionalId");

CREATE INDEX "IX_EpisodeContacts_EpisodeId_AtUtc" ON "EpisodeContacts" ("EpisodeId", "AtUtc");

CREATE INDEX "IX_FollowUpAlerts_EpisodeId" ON "FollowUpAlerts" ("EpisodeId");

CREATE INDEX "IX_FollowUpAlerts_TerritoryId_AcknowledgedAtUtc" ON "FollowUpAlerts" ("TerritoryId", "AcknowledgedAtUtc");

CREATE INDEX "IX_FollowUpEpisodes_OwnerId_Status" ON "FollowUpEpisodes" ("OwnerId", "Status");

CREATE INDEX "IX_FollowUpEpisodes_RegularDoctorId" ON "FollowUpEpisodes" ("RegularDoctorId");

CREATE INDEX "IX_FollowUpEpisodes_SourceCallId" ON "FollowUpEpisodes" ("SourceCallId");

CREATE INDEX "IX_FollowUpEpisodes_TerritoryId_Status" ON "FollowUpEpisodes" ("TerritoryId", "Status");

CREATE UNIQUE INDEX "IX_Handoffs_EpisodeId_Attempt" ON "Handoffs" ("EpisodeId", "Attempt");

CREATE INDEX "IX_Handoffs_ProfessionalId_Status" ON "Handoffs" ("ProfessionalId", "Status");

CREATE INDEX "IX_Handoffs_Status_DeadlineUtc" ON "Handoffs" ("Status", "DeadlineUtc");

CREATE INDEX "IX_IdempotencyRecords_CreatedAtUtc" ON "IdempotencyRecords" ("CreatedAtUtc");
