-- 0005 dedicated centres of a crisis and their lifecycle.

CREATE TABLE "DedicatedCentres" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DedicatedCentres" PRIMARY KEY AUTOINCREMENT,
    "EpisodeId" INTEGER NOT NULL,
    "StructureId" INTEGER NOT NULL,
    "SiteId" INTEGER NOT NULL,
    "CarrierStructureId" INTEGER NULL,
    "SuspectCircuit" INTEGER NOT NULL,
    "NonSuspectCircuit" INTEGER NOT NULL,
    "Equipment" TEXT NULL,
    "CapacityPerHour" INTEGER NOT NULL,
    "Stage" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_DedicatedCentres_CrisisEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "CrisisEpisodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_DedicatedCentres_Structures_StructureId" FOREIGN KEY ("StructureId") REFERENCES "Structures" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CentreStageChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CentreStageChanges" PRIMARY KEY AUTOINCREMENT,
    "CentreId" INTEGER NOT NULL,
    "Stage" INTEGER NOT NULL,
    "On" TEXT NOT NULL,
    "Note" TEXT NULL,
    "RecordedAtUtc" TEXT NOT NULL,
    "RecordedBy" TEXT NOT NULL,
    CONSTRAINT "FK_CentreStageChanges_DedicatedCentres_CentreId" FOREIGN KEY ("CentreId") REFERENCES "DedicatedCentres" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_CentreStageChanges_CentreId" ON "CentreStageChanges" ("CentreId");

CREATE INDEX "IX_DedicatedCentres_EpisodeId" ON "DedicatedCentres" ("EpisodeId");

CREATE UNIQUE INDEX "IX_DedicatedCentres_StructureId" ON "DedicatedCentres" ("StructureId");
