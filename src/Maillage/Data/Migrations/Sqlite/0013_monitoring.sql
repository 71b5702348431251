-- 0013 follow-up: home observations and the monitoring thresholds of each territory.

CREATE TABLE "Observations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Observations" PRIMARY KEY AUTOINCREMENT,
    "EpisodeId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Value" REAL NULL,
    "Text" TEXT NULL,
    "AtUtc" TEXT NOT NULL,
    "ByProfessionalId" INTEGER NULL,
    "By" TEXT NOT NULL,
    "RecordedAtUtc" TEXT NOT NULL,
    CONSTRAINT "FK_Observations_FollowUpEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "FollowUpEpisodes" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Observations_Professionals_ByProfessionalId" FOREIGN KEY ("ByProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "MonitoringSettings" (
    "TerritoryId" INTEGER NOT NULL CONSTRAINT "PK_MonitoringSettings" PRIMARY KEY,
    "Spo2Below" REAL NOT NULL,
    "Spo2DropPoints" REAL NOT NULL,
    "TemperatureAbove" REAL NULL,
    "RespiratoryRateAbove" REAL NULL,
    CONSTRAINT "FK_MonitoringSettings_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_Observations_ByProfessionalId" ON "Observations" ("ByProfessionalId");

CREATE INDEX "IX_Observations_EpisodeId_Kind_AtUtc" ON "Observations" ("EpisodeId", "Kind", "AtUtc");
