-- 0003 crisis mode: episodes, national alert stage timeline, crisis cell meetings with attendance, decision log.

CREATE TABLE "CrisisEpisodes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CrisisEpisodes" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "OpenedOn" TEXT NOT NULL,
    "ClosedOn" TEXT NULL,
    "IsDemo" INTEGER NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_CrisisEpisodes_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "AlertStageChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AlertStageChanges" PRIMARY KEY AUTOINCREMENT,
    "EpisodeId" INTEGER NOT NULL,
    "Stage" INTEGER NOT NULL,
    "EffectiveOn" TEXT NOT NULL,
    "Note" TEXT NULL,
    "RecordedAtUtc" TEXT NOT NULL,
    "RecordedBy" TEXT NOT NULL,
    CONSTRAINT "FK_AlertStageChanges_CrisisEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "CrisisEpisodes" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CrisisMeetings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CrisisMeetings" PRIMARY KEY AUTOINCREMENT,
    "EpisodeId" INTEGER NOT NULL,
    "HeldAtUtc" TEXT NOT NULL,
    "Agenda" TEXT NOT NULL,
    "Minutes" TEXT NULL,
    CONSTRAINT "FK_CrisisMeetings_CrisisEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "CrisisEpisodes" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CrisisDecisions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CrisisDecisions" PRIMARY KEY AUTOINCREMENT,
    "EpisodeId" INTEGER NOT NULL,
    "MeetingId" INTEGER NULL,
    "Text" TEXT NOT NULL,
    "DecidedOn" TEXT NOT NULL,
    "Owner" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "FollowUpOn" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_CrisisDecisions_CrisisEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "CrisisEpisodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CrisisDecisions_CrisisMeetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "CrisisMeetings" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "MeetingAttendance" (
    "MeetingId" INTEGER NOT NULL,
    "Profession" TEXT NOT NULL,
    "Count" INTEGER NOT NULL,
    CONSTRAINT "PK_MeetingAttendance" PRIMARY KEY ("MeetingId", "Profession"),
    CONSTRAINT "FK_MeetingAttendance_CrisisMeetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "CrisisMeetings" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_AlertStageChanges_EpisodeId" ON "AlertStageChanges" ("EpisodeId");

CREATE INDEX "IX_CrisisDecisions_EpisodeId" ON "CrisisDecisions" ("EpisodeId");

CREATE INDEX "IX_CrisisDecisions_MeetingId" ON "CrisisDecisions" ("MeetingId");

CREATE INDEX "IX_CrisisEpisodes_TerritoryId" ON "CrisisEpisodes" ("TerritoryId");

CREATE INDEX "IX_CrisisMeetings_EpisodeId" ON "CrisisMeetings" ("EpisodeId");
