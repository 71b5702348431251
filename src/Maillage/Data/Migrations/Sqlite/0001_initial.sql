-- 0001 initial schema: geography, territories, accounts (ASP.NET Core Identity), audit log.
-- Started from 'maillage db script' on this provider; edit by hand only in new numbered files.
CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);


CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "IsDemo" INTEGER NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);


CREATE TABLE "AuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
    "Sequence" INTEGER NOT NULL,
    "AtUtc" TEXT NOT NULL,
    "ActorId" TEXT NOT NULL,
    "ActorName" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NULL,
    "Details" TEXT NULL,
    "IpAddress" TEXT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL
);


CREATE TABLE "CommunePostalCodes" (
    "CommuneCode" TEXT NOT NULL,
    "PostalCode" TEXT NOT NULL,
    CONSTRAINT "PK_CommunePostalCodes" PRIMARY KEY ("PostalCode", "CommuneCode")
);


CREATE TABLE "Communes" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_Communes" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "SearchName" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "DepartementCode" TEXT NOT NULL,
    "RegionCode" TEXT NOT NULL,
    "EpciCode" TEXT NULL,
    "ParentCode" TEXT NULL,
    "Population" INTEGER NULL,
    "PostalCodes" TEXT NOT NULL
);


CREATE TABLE "Departements" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_Departements" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "RegionCode" TEXT NOT NULL
);


CREATE TABLE "Epcis" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_Epcis" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Kind" TEXT NOT NULL
);


CREATE TABLE "Regions" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_Regions" PRIMARY KEY,
    "Name" TEXT NOT NULL
);


CREATE TABLE "Territories" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Territories" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "NameKey" TEXT NOT NULL,
    "IsDemo" INTEGER NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);


CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "TerritoryRules" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TerritoryRules" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    CONSTRAINT "FK_TerritoryRules_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE CASCADE
);


CREATE TABLE "UserTerritories" (
    "UserId" TEXT NOT NULL,
    "TerritoryId" INTEGER NOT NULL,
    CONSTRAINT "PK_UserTerritories" PRIMARY KEY ("UserId", "TerritoryId"),
    CONSTRAINT "FK_UserTerritories_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_UserTerritories_Territories_TerritoryId" FOREIGN KEY ("TerritoryId") REFERENCES "Territories" ("Id") ON DELETE RESTRICT
);


CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");


CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");


CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE UNIQUE INDEX "IX_AuditEntries_Sequence" ON "AuditEntries" ("Sequence");


CREATE INDEX "IX_AuditEntries_Target" ON "AuditEntries" ("Target");


CREATE INDEX "IX_CommunePostalCodes_CommuneCode" ON "CommunePostalCodes" ("CommuneCode");


CREATE INDEX "IX_Communes_DepartementCode" ON "Communes" ("DepartementCode");


CREATE INDEX "IX_Communes_EpciCode" ON "Communes" ("EpciCode");


CREATE INDEX "IX_Communes_SearchName" ON "Communes" ("SearchName");


CREATE INDEX "IX_Departements_RegionCode" ON "Departements" ("RegionCode");


CREATE UNIQUE INDEX "IX_Territories_NameKey" ON "Territories" ("NameKey");


CREATE UNIQUE INDEX "IX_TerritoryRules_TerritoryId_Kind_Code" ON "TerritoryRules" ("TerritoryId", "Kind", "Code");


CREATE INDEX "IX_UserTerritories_TerritoryId" ON "UserTerritories" ("TerritoryId");



