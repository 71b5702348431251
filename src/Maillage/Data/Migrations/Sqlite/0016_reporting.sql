DROP INDEX IF EXISTS "IX_RegulationCalls_TakenAtSiteId";

CREATE TABLE "ActivityChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ActivityChanges" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "CentreId" INTEGER NOT NULL,
    "Day" TEXT NOT NULL,
    "Indicator" TEXT NOT NULL,
    "OldValue" INTEGER NULL,
    "NewValue" INTEGER NULL,
    "AtUtc" TEXT NOT NULL,
    "By" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "Reason" TEXT NULL
);

CREATE TABLE "ActivityValues" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ActivityValues" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "CentreId" INTEGER NOT NULL,
    "Day" TEXT NOT NULL,
    "Indicator" TEXT NOT NULL,
    "Value" INTEGER NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "ReportingSettings" (
    "TerritoryId" INTEGER NOT NULL CONSTRAINT "PK_ReportingSettings" PRIMARY KEY,
    "SuppressionThreshold" INTEGER NOT NULL,
    "FundingRates" TEXT NOT NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "WeeklyReports" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WeeklyReports" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "WeekStart" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "Reason" TEXT NULL,
    "ReopenedAtUtc" TEXT NULL,
    "ReopenedBy" TEXT NULL,
    "ApprovedAtUtc" TEXT NULL,
    "ApprovedBy" TEXT NULL,
    "Snapshot" TEXT NULL,
    "Revision" INTEGER NOT NULL
);

CREATE INDEX "IX_ActivityChanges_CentreId_Day" ON "ActivityChanges" ("CentreId", "Day");

CREATE INDEX "IX_ActivityChanges_TerritoryId_AtUtc" ON "ActivityChanges" ("TerritoryId", "AtUtc");

CREATE UNIQUE INDEX "IX_ActivityValues_CentreId_Day_Indicator" ON "ActivityValues" ("CentreId", "Day", "Indicator");

CREATE INDEX "IX_ActivityValues_TerritoryId_Day" ON "ActivityValues" ("TerritoryId", "Day");

CREATE INDEX "IX_EpisodeContacts_AtUtc" ON "EpisodeContacts" ("AtUtc");

CREATE INDEX "IX_Handoffs_RequestedAtUtc" ON "Handoffs" ("RequestedAtUtc");

CREATE INDEX "IX_RegulationCalls_TakenAtSiteId_StartedAtUtc" ON "RegulationCalls" ("TakenAtSiteId", "StartedAtUtc");

CREATE UNIQUE INDEX "IX_WeeklyReports_TerritoryId_WeekStart_Version" ON "WeeklyReports" ("TerritoryId", "WeekStart", "Version");
