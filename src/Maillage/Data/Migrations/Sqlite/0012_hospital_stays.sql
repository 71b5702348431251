-- 0012 follow-up: planned surveillance tasks and hospital stays (admissions, discharges).

CREATE TABLE "FollowUpTasks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_FollowUpTasks" PRIMARY KEY AUTOINCREMENT,
    "EpisodeId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Label" TEXT NOT NULL,
    "DueUtc" TEXT NOT NULL,
    "Urgent" INTEGER NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "DoneAtUtc" TEXT NULL,
    "DoneBy" TEXT NULL,
    CONSTRAINT "FK_FollowUpTasks_FollowUpEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "FollowUpEpisodes" ("Id") ON DELETE CASCADE
);

CREATE TABLE "HospitalStays" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_HospitalStays" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Hospital" TEXT NOT NULL,
    "PatientLastName" TEXT NOT NULL,
    "PatientFirstName" TEXT NOT NULL,
    "PatientBirthDate" TEXT NULL,
    "PatientCommuneCode" TEXT NOT NULL,
    "RegularDoctorId" INTEGER NULL,
    "AdmittedAtUtc" TEXT NOT NULL,
    "DischargedAtUtc" TEXT NULL,
    "EpisodeId" INTEGER NULL,
    "RecordedAtUtc" TEXT NOT NULL,
    "RecordedBy" TEXT NOT NULL,
    "RecordedByUserId" TEXT NOT NULL,
    CONSTRAINT "FK_HospitalStays_FollowUpEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "FollowUpEpisodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_HospitalStays_Professionals_RegularDoctorId" FOREIGN KEY ("RegularDoctorId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_HospitalStays_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_FollowUpTasks_DoneAtUtc_DueUtc" ON "FollowUpTasks" ("DoneAtUtc", "DueUtc");

CREATE INDEX "IX_FollowUpTasks_EpisodeId_DueUtc" ON "FollowUpTasks" ("EpisodeId", "DueUtc");

CREATE INDEX "IX_HospitalStays_EpisodeId" ON "HospitalStays" ("EpisodeId");

CREATE INDEX "IX_HospitalStays_RegularDoctorId" ON "HospitalStays" ("RegularDoctorId");

CREATE INDEX "IX_HospitalStays_TerritoryId_AdmittedAtUtc" ON "HospitalStays" ("TerritoryId", "AdmittedAtUtc");
