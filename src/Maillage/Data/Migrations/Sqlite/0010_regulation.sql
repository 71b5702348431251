-- 0010 regulation: triage protocol versions, call records, slots and their bookings.

CREATE TABLE "TriageProtocolVersions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TriageProtocolVersions" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Definition" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "ChangeNote" TEXT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "PublishedAtUtc" TEXT NULL,
    "PublishedBy" TEXT NULL,
    "RetiredAtUtc" TEXT NULL,
    "Revision" INTEGER NOT NULL,
    CONSTRAINT "FK_TriageProtocolVersions_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Slots" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Slots" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "SiteId" INTEGER NOT NULL,
    "Circuit" TEXT NOT NULL,
    "StartUtc" TEXT NOT NULL,
    "EndUtc" TEXT NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "WithdrawnAtUtc" TEXT NULL,
    "WithdrawnBy" TEXT NULL,
    CONSTRAINT "FK_Slots_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Slots_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "RegulationCalls" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RegulationCalls" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "ProtocolVersionId" INTEGER NOT NULL,
    "TakenAtSiteId" INTEGER NULL,
    "StartedAtUtc" TEXT NOT NULL,
    "RecordedAtUtc" TEXT NOT NULL,
    "TakenBy" TEXT NOT NULL,
    "CallerName" TEXT NULL,
    "CallerPhone" TEXT NULL,
    "CallerRelation" TEXT NOT NULL,
    "PatientLastName" TEXT NOT NULL,
    "PatientFirstName" TEXT NOT NULL,
    "PatientBirthDate" TEXT NULL,
    "PatientPhone" TEXT NULL,
    "PatientCommuneCode" TEXT NOT NULL,
    "RegularDoctorId" INTEGER NULL,
    "RegularDoctorName" TEXT NULL,
    "Answers" TEXT NOT NULL,
    "ComputedOrientation" TEXT NOT NULL,
    "RuleId" TEXT NOT NULL,
    "Priority" INTEGER NOT NULL,
    "OverrideOrientation" TEXT NULL,
    "OverrideReason" TEXT NULL,
    "FinalOrientation" TEXT NOT NULL,
    "PlaceSiteId" INTEGER NULL,
    "DurationSeconds" INTEGER NOT NULL,
    CONSTRAINT "FK_RegulationCalls_Professionals_RegularDoctorId" FOREIGN KEY ("RegularDoctorId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RegulationCalls_Sites_PlaceSiteId" FOREIGN KEY ("PlaceSiteId") REFERENCES "Sites" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RegulationCalls_Sites_TakenAtSiteId" FOREIGN KEY ("TakenAtSiteId") REFERENCES "Sites" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RegulationCalls_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RegulationCalls_TriageProtocolVersions_ProtocolVersionId" FOREIGN KEY ("ProtocolVersionId") REFERENCES "TriageProtocolVersions" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "SlotBookings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SlotBookings" PRIMARY KEY AUTOINCREMENT,
    "SlotId" INTEGER NOT NULL,
    "CallId" INTEGER NOT NULL,
    "BookedAtUtc" TEXT NOT NULL,
    "BookedBy" TEXT NOT NULL,
    "CancelledAtUtc" TEXT NULL,
    "CancelledBy" TEXT NULL,
    "CancelReason" TEXT NULL,
    CONSTRAINT "FK_SlotBookings_RegulationCalls_CallId" FOREIGN KEY ("CallId") REFERENCES "RegulationCalls" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_SlotBookings_Slots_SlotId" FOREIGN KEY ("SlotId") REFERENCES "Slots" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_RegulationCalls_PlaceSiteId" ON "RegulationCalls" ("PlaceSiteId");

CREATE INDEX "IX_RegulationCalls_ProtocolVersionId" ON "RegulationCalls" ("ProtocolVersionId");

CREATE INDEX "IX_RegulationCalls_RegularDoctorId" ON "RegulationCalls" ("RegularDoctorId");

CREATE INDEX "IX_RegulationCalls_TakenAtSiteId" ON "RegulationCalls" ("TakenAtSiteId");

CREATE INDEX "IX_RegulationCalls_TerritoryId_RecordedAtUtc" ON "RegulationCalls" ("TerritoryId", "RecordedAtUtc");

CREATE INDEX "IX_SlotBookings_CallId" ON "SlotBookings" ("CallId");

CREATE UNIQUE INDEX "IX_SlotBookings_LiveSlot" ON "SlotBookings" ("SlotId") WHERE "CancelledAtUtc" IS NULL;

CREATE INDEX "IX_Slots_SiteId_StartUtc" ON "Slots" ("SiteId", "StartUtc");

CREATE INDEX "IX_Slots_TerritoryId_StartUtc" ON "Slots" ("TerritoryId", "StartUtc");

CREATE UNIQUE INDEX "IX_TriageProtocolVersions_TerritoryId_Number" ON "TriageProtocolVersions" ("TerritoryId", "Number");
