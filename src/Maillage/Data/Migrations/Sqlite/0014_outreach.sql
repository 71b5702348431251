-- 0014 follow-up: outreach campaigns, the patients they call and each call.

CREATE TABLE "OutreachCampaigns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OutreachCampaigns" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Criteria" INTEGER NOT NULL,
    "NoVisitMonths" INTEGER NOT NULL,
    "ReminderDays" INTEGER NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "ClosedAtUtc" TEXT NULL,
    CONSTRAINT "FK_OutreachCampaigns_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutreachTargets" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OutreachTargets" PRIMARY KEY AUTOINCREMENT,
    "CampaignId" INTEGER NOT NULL,
    "PatientLastName" TEXT NOT NULL,
    "PatientFirstName" TEXT NOT NULL,
    "PatientBirthDate" TEXT NULL,
    "PatientPhone" TEXT NULL,
    "PatientCommuneCode" TEXT NOT NULL,
    "RegularDoctorId" INTEGER NULL,
    "ChronicDisease" INTEGER NOT NULL,
    "LivesAlone" INTEGER NOT NULL,
    "Precarious" INTEGER NOT NULL,
    "LastVisit" TEXT NULL,
    "Reasons" TEXT NOT NULL,
    "AssignedToId" INTEGER NULL,
    "Outcome" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "LastAttemptAtUtc" TEXT NULL,
    "CallAgainAtUtc" TEXT NULL,
    "RemindedForUtc" TEXT NULL,
    "EpisodeId" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_OutreachTargets_FollowUpEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "FollowUpEpisodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutreachTargets_OutreachCampaigns_CampaignId" FOREIGN KEY ("CampaignId") REFERENCES "OutreachCampaigns" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_OutreachTargets_Professionals_AssignedToId" FOREIGN KEY ("AssignedToId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_OutreachTargets_Professionals_RegularDoctorId" FOREIGN KEY ("RegularDoctorId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutreachAttempts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OutreachAttempts" PRIMARY KEY AUTOINCREMENT,
    "TargetId" INTEGER NOT NULL,
    "AtUtc" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "Notes" TEXT NULL,
    "ByProfessionalId" INTEGER NULL,
    "By" TEXT NOT NULL,
    CONSTRAINT "FK_OutreachAttempts_OutreachTargets_TargetId" FOREIGN KEY ("TargetId") REFERENCES "OutreachTargets" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_OutreachAttempts_Professionals_ByProfessionalId" FOREIGN KEY ("ByProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_OutreachAttempts_ByProfessionalId" ON "OutreachAttempts" ("ByProfessionalId");

CREATE INDEX "IX_OutreachAttempts_TargetId_AtUtc" ON "OutreachAttempts" ("TargetId", "AtUtc");

CREATE INDEX "IX_OutreachCampaigns_TerritoryId" ON "OutreachCampaigns" ("TerritoryId");

CREATE INDEX "IX_OutreachTargets_AssignedToId_Outcome" ON "OutreachTargets" ("AssignedToId", "Outcome");

CREATE INDEX "IX_OutreachTargets_CampaignId_Outcome" ON "OutreachTargets" ("CampaignId", "Outcome");

CREATE INDEX "IX_OutreachTargets_EpisodeId" ON "OutreachTargets" ("EpisodeId");

CREATE INDEX "IX_OutreachTargets_Outcome_CallAgainAtUtc" ON "OutreachTargets" ("Outcome", "CallAgainAtUtc");

CREATE INDEX "IX_OutreachTargets_RegularDoctorId" ON "OutreachTargets" ("RegularDoctorId");
