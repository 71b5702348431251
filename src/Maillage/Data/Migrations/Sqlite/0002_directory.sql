-- 0002 directory: structures, sites, professionals, memberships, practice sites, care services and their exceptions.

CREATE TABLE "Professionals" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Professionals" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Rpps" TEXT NULL,
    "FirstName" TEXT NOT NULL,
    "LastName" TEXT NOT NULL,
    "NameKey" TEXT NOT NULL,
    "Profession" TEXT NOT NULL,
    "PracticeMode" INTEGER NOT NULL,
    "Phone" TEXT NULL,
    "Email" TEXT NULL,
    "MssanteAddress" TEXT NULL,
    "AcceptsNewPatients" INTEGER NOT NULL,
    "AtRisk" INTEGER NOT NULL,
    "IsDemo" INTEGER NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    "ArchivedAtUtc" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Professionals_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Structures" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Structures" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "NameKey" TEXT NOT NULL,
    "Finess" TEXT NULL,
    "Siret" TEXT NULL,
    "Siren" TEXT NULL,
    "Phone" TEXT NULL,
    "Email" TEXT NULL,
    "Website" TEXT NULL,
    "Notes" TEXT NULL,
    "IsDemo" INTEGER NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    "ArchivedAtUtc" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Structures_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Memberships" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Memberships" PRIMARY KEY AUTOINCREMENT,
    "ProfessionalId" INTEGER NOT NULL,
    "StructureId" INTEGER NOT NULL,
    "Role" TEXT NOT NULL,
    "College" TEXT NULL,
    CONSTRAINT "FK_Memberships_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Memberships_Structures_StructureId" FOREIGN KEY ("StructureId") REFERENCES "Structures" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Sites" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Sites" PRIMARY KEY AUTOINCREMENT,
    "StructureId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Address" TEXT NULL,
    "CommuneCode" TEXT NOT NULL,
    "EpciCode" TEXT NULL,
    "DepartementCode" TEXT NOT NULL,
    "Latitude" REAL NULL,
    "Longitude" REAL NULL,
    "Phone" TEXT NULL,
    "Accessibility" TEXT NULL,
    "ArchivedAtUtc" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Sites_Structures_StructureId" FOREIGN KEY ("StructureId") REFERENCES "Structures" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CareServices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CareServices" PRIMARY KEY AUTOINCREMENT,
    "SiteId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Capabilities" INTEGER NOT NULL,
    "WeeklyHours" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_CareServices_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PracticeSites" (
    "ProfessionalId" INTEGER NOT NULL,
    "SiteId" INTEGER NOT NULL,
    CONSTRAINT "PK_PracticeSites" PRIMARY KEY ("ProfessionalId", "SiteId"),
    CONSTRAINT "FK_PracticeSites_Professionals_ProfessionalId" FOREIGN KEY ("ProfessionalId") REFERENCES "Professionals" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_PracticeSites_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ServiceExceptions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ServiceExceptions" PRIMARY KEY AUTOINCREMENT,
    "CareServiceId" INTEGER NOT NULL,
    "Date" TEXT NOT NULL,
    "Hours" TEXT NOT NULL,
    "Reason" TEXT NULL,
    CONSTRAINT "FK_ServiceExceptions_CareServices_CareServiceId" FOREIGN KEY ("CareServiceId") REFERENCES "CareServices" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_CareServices_SiteId" ON "CareServices" ("SiteId");

CREATE INDEX "IX_Memberships_ProfessionalId" ON "Memberships" ("ProfessionalId");

CREATE UNIQUE INDEX "IX_Memberships_StructureId_ProfessionalId" ON "Memberships" ("StructureId", "ProfessionalId");

CREATE INDEX "IX_PracticeSites_SiteId" ON "PracticeSites" ("SiteId");

CREATE INDEX "IX_Professionals_Profession" ON "Professionals" ("Profession");

CREATE INDEX "IX_Professionals_TerritoryId_NameKey" ON "Professionals" ("TerritoryId", "NameKey");

CREATE UNIQUE INDEX "IX_Professionals_TerritoryId_Rpps" ON "Professionals" ("TerritoryId", "Rpps");

CREATE UNIQUE INDEX "IX_ServiceExceptions_CareServiceId_Date" ON "ServiceExceptions" ("CareServiceId", "Date");

CREATE INDEX "IX_Sites_CommuneCode" ON "Sites" ("CommuneCode");

CREATE INDEX "IX_Sites_Latitude_Longitude" ON "Sites" ("Latitude", "Longitude");

CREATE INDEX "IX_Sites_StructureId" ON "Sites" ("StructureId");

CREATE INDEX "IX_Structures_Finess" ON "Structures" ("Finess");

CREATE INDEX "IX_Structures_Siret" ON "Structures" ("Siret");

CREATE INDEX "IX_Structures_TerritoryId_NameKey" ON "Structures" ("TerritoryId", "NameKey");
