-- 0008 rosters: assignments, weeks and publication, absences, rules per crisis; notifications.

CREATE TABLE "RosterSettings" (
    "EpisodeId" INTEGER NOT NULL CONSTRAINT "PK_RosterSettings" PRIMARY KEY,
    "MinRestMinutes" INTEGER NOT NULL,
    "MaxShiftsPerWeek" INTEGER NOT NULL,
    CONSTRAINT "FK_RosterSettings_CrisisEpisodes_EpisodeId" FOREIGN KEY ("EpisodeId") REFERENCES "CrisisEpisodes" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Notifications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Notifications" PRIMARY KEY AUTOINCREMENT,
    "ProfessionalId" INTEGER NOT NULL,
    "Text" TEXT NOT NULL,
    "Link" TEXT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "ReadAtUtc" TEXT NULL,
    CONSTRAINT "FK_Notifications_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "RosterWeeks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RosterWeeks" PRIMARY KEY AUTOINCREMENT,
    "CentreId" INTEGER NOT NULL,
    "WeekStart" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "PublishedVersion" INTEGER NULL,
    "PublishedAtUtc" TEXT NULL,
    "PublishedBy" TEXT NULL,
    CONSTRAINT "FK_RosterWeeks_DedicatedCentres_CentreId" FOREIGN KEY ("CentreId") REFERENCES "DedicatedCentres" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Absences" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Absences" PRIMARY KEY AUTOINCREMENT,
    "ShiftTemplateId" INTEGER NOT NULL,
    "Date" TEXT NOT NULL,
    "RoleId" INTEGER NOT NULL,
    "ProfessionalId" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "DeclaredAtUtc" TEXT NOT NULL,
    "DeclaredBy" TEXT NOT NULL,
    "ReplacementProfessionalId" INTEGER NULL,
    "ResolvedAtUtc" TEXT NULL,
    CONSTRAINT "FK_Absences_CentreRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "CentreRoles" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Absences_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Absences_ShiftTemplates_ShiftTemplateId" FOREIGN KEY ("ShiftTemplateId") REFERENCES "ShiftTemplates" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ShiftAssignments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ShiftAssignments" PRIMARY KEY AUTOINCREMENT,
    "ShiftTemplateId" INTEGER NOT NULL,
    "Date" TEXT NOT NULL,
    "RoleId" INTEGER NOT NULL,
    "ProfessionalId" INTEGER NOT NULL,
    "Locked" INTEGER NOT NULL,
    "AssignedAtUtc" TEXT NOT NULL,
    "AssignedBy" TEXT NOT NULL,
    CONSTRAINT "FK_ShiftAssignments_CentreRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "CentreRoles" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ShiftAssignments_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ShiftAssignments_ShiftTemplates_ShiftTemplateId" FOREIGN KEY ("ShiftTemplateId") REFERENCES "ShiftTemplates" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_Absences_ProfessionalId" ON "Absences" ("ProfessionalId");

CREATE INDEX "IX_Absences_RoleId" ON "Absences" ("RoleId");

CREATE INDEX "IX_Absences_ShiftTemplateId_Date" ON "Absences" ("ShiftTemplateId", "Date");

CREATE INDEX "IX_Notifications_ProfessionalId_CreatedAtUtc" ON "Notifications" ("ProfessionalId", "CreatedAtUtc");

CREATE UNIQUE INDEX "IX_RosterWeeks_CentreId_WeekStart" ON "RosterWeeks" ("CentreId", "WeekStart");

CREATE INDEX "IX_ShiftAssignments_Date" ON "ShiftAssignments" ("Date");

CREATE INDEX "IX_ShiftAssignments_ProfessionalId_Date" ON "ShiftAssignments" ("ProfessionalId", "Date");

CREATE INDEX "IX_ShiftAssignments_RoleId" ON "ShiftAssignments" ("RoleId");

CREATE UNIQUE INDEX "IX_ShiftAssignments_ShiftTemplateId_Date_ProfessionalId" ON "ShiftAssignments" ("ShiftTemplateId", "Date", "ProfessionalId");
