-- 0004 crisis protocols as versioned documents.

CREATE TABLE "CrisisProtocols" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CrisisProtocols" PRIMARY KEY AUTOINCREMENT,
    "EpisodeId" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    CONSTRAINT "FK_CrisisProtocols_CrisisEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "CrisisEpisodes" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ProtocolVersions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ProtocolVersions" PRIMARY KEY AUTOINCREMENT,
    "ProtocolId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "Body" TEXT NOT NULL,
    "ChangeNote" TEXT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_ProtocolVersions_CrisisProtocols_ProtocolId" FOREIGN KEY ("ProtocolId") REFERENCES "CrisisProtocols" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_CrisisProtocols_EpisodeId" ON "CrisisProtocols" ("EpisodeId");

CREATE UNIQUE INDEX "IX_ProtocolVersions_ProtocolId_Number" ON "ProtocolVersions" ("ProtocolId", "Number");
