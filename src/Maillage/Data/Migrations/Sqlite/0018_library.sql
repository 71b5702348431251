-- 0018 the document library (protocols, forms, guidelines, with versions); the crisis cell's protocols move into it.

CREATE TABLE "LibraryDocuments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LibraryDocuments" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Themes" TEXT NOT NULL,
    "Professions" TEXT NOT NULL,
    "CrisisEpisodeId" INTEGER NULL,
    "SupersededByDocumentId" INTEGER NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "ArchivedAtUtc" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_LibraryDocuments_CrisisEpisodes_CrisisEpisodeId" FOREIGN KEY ("CrisisEpisodeId") REFERENCES "CrisisEpisodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_LibraryDocuments_LibraryDocuments_SupersededByDocumentId" FOREIGN KEY ("SupersededByDocumentId") REFERENCES "LibraryDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_LibraryDocuments_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "LibraryFiles" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LibraryFiles" PRIMARY KEY AUTOINCREMENT,
    "DocumentId" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Content" BLOB NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    CONSTRAINT "FK_LibraryFiles_LibraryDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "LibraryDocuments" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "LibraryVersions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LibraryVersions" PRIMARY KEY AUTOINCREMENT,
    "DocumentId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "FileId" INTEGER NULL,
    "SearchTitle" TEXT NOT NULL,
    "SearchText" TEXT NOT NULL,
    "ValidFrom" TEXT NOT NULL,
    "ValidUntil" TEXT NULL,
    "ChangeNote" TEXT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_LibraryVersions_LibraryDocuments_DocumentId" FOREIGN KEY ("DocumentId") REFERENCES "LibraryDocuments" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_LibraryVersions_LibraryFiles_FileId" FOREIGN KEY ("FileId") REFERENCES "LibraryFiles" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_LibraryDocuments_CrisisEpisodeId" ON "LibraryDocuments" ("CrisisEpisodeId");

CREATE INDEX "IX_LibraryDocuments_SupersededByDocumentId" ON "LibraryDocuments" ("SupersededByDocumentId");

CREATE INDEX "IX_LibraryDocuments_TerritoryId_Kind" ON "LibraryDocuments" ("TerritoryId", "Kind");

CREATE INDEX "IX_LibraryFiles_DocumentId" ON "LibraryFiles" ("DocumentId");

CREATE UNIQUE INDEX "IX_LibraryVersions_DocumentId_Number" ON "LibraryVersions" ("DocumentId", "Number");

CREATE INDEX "IX_LibraryVersions_FileId" ON "LibraryVersions" ("FileId");

-- The crisis protocols become library documents of their crisis's territory, keeping their ids, so that
-- links to /crise/protocoles/{id} still lead to them. Search keys stay empty here: SQL cannot fold accents
-- the way the application does, so the library indexes these versions on its first search.
INSERT INTO "LibraryDocuments" ("Id", "TerritoryId", "Kind", "Title", "Themes", "Professions", "CrisisEpisodeId", "SupersededByDocumentId", "CreatedAtUtc", "ArchivedAtUtc", "Version")
SELECT p."Id", e."TerritoryId", 'Protocol', p."Title", '', '', p."EpisodeId", NULL, p."CreatedAtUtc", NULL, 0
FROM "CrisisProtocols" p JOIN "CrisisEpisodes" e ON e."Id" = p."EpisodeId";

INSERT INTO "LibraryVersions" ("Id", "DocumentId", "Number", "Title", "Body", "FileId", "SearchTitle", "SearchText", "ValidFrom", "ValidUntil", "ChangeNote", "CreatedAtUtc", "CreatedBy")
SELECT v."Id", v."ProtocolId", v."Number", p."Title", v."Body", NULL, '', '', substr(v."CreatedAtUtc", 1, 10), NULL, v."ChangeNote", v."CreatedAtUtc", v."CreatedBy"
FROM "ProtocolVersions" v JOIN "CrisisProtocols" p ON p."Id" = v."ProtocolId";

DROP TABLE "ProtocolVersions";

DROP TABLE "CrisisProtocols";
