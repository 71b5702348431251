CREATE TABLE "AllocationLines" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AllocationLines" PRIMARY KEY AUTOINCREMENT,
    "RoundId" INTEGER NOT NULL,
    "RequestId" INTEGER NOT NULL,
    "Priority" REAL NOT NULL,
    "Need" INTEGER NOT NULL,
    "Proposed" INTEGER NOT NULL,
    "Approved" INTEGER NOT NULL,
    "Explanation" TEXT NOT NULL,
    "Collected" INTEGER NOT NULL,
    "CollectedAtUtc" TEXT NULL,
    "CollectedBy" TEXT NULL,
    "OperationId" INTEGER NULL
);

CREATE TABLE "AllocationRounds" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AllocationRounds" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "DepotId" INTEGER NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Available" INTEGER NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "DecidedAtUtc" TEXT NULL,
    "DecidedBy" TEXT NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "Depots" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Depots" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "SiteId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Active" INTEGER NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL
);

CREATE TABLE "Donors" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Donors" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Category" TEXT NOT NULL,
    "Contact" TEXT NULL,
    "CommuneCode" TEXT NULL,
    "Note" TEXT NULL,
    "CreatedAtUtc" TEXT NOT NULL
);

CREATE TABLE "EquipmentItems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_EquipmentItems" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Category" TEXT NOT NULL,
    "Unit" TEXT NOT NULL,
    "Lendable" INTEGER NOT NULL,
    "TracksExpiry" INTEGER NOT NULL,
    "TerritoryId" INTEGER NULL,
    "Archived" INTEGER NOT NULL
);

CREATE TABLE "EquipmentRequests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_EquipmentRequests" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "Quantity" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "Urgency" TEXT NOT NULL,
    "HomeVisits" INTEGER NOT NULL,
    "SuspectedInfection" INTEGER NOT NULL,
    "ProfessionalId" INTEGER NULL,
    "StructureId" INTEGER NULL,
    "RequesterLabel" TEXT NOT NULL,
    "Profession" TEXT NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedByName" TEXT NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Served" INTEGER NOT NULL,
    "DecisionNote" TEXT NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "EquipmentSettings" (
    "TerritoryId" INTEGER NOT NULL CONSTRAINT "PK_EquipmentSettings" PRIMARY KEY,
    "PolicyJson" TEXT NOT NULL,
    "UpdatedAtUtc" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "LendableUnits" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LendableUnits" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "DepotId" INTEGER NOT NULL,
    "Label" TEXT NOT NULL,
    "SerialNumber" TEXT NULL,
    "Owner" TEXT NULL,
    "Status" TEXT NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "Loans" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Loans" PRIMARY KEY AUTOINCREMENT,
    "UnitId" INTEGER NOT NULL,
    "BorrowerProfessionalId" INTEGER NULL,
    "BorrowerLabel" TEXT NOT NULL,
    "Purpose" TEXT NULL,
    "LentAtUtc" TEXT NOT NULL,
    "DueOn" TEXT NOT NULL,
    "LentBy" TEXT NOT NULL,
    "ReturnedAtUtc" TEXT NULL,
    "ReturnedBy" TEXT NULL,
    "ReturnNote" TEXT NULL
);

CREATE TABLE "StockLevels" (
    "DepotId" INTEGER NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "TerritoryId" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "AlertBelow" INTEGER NULL,
    CONSTRAINT "PK_StockLevels" PRIMARY KEY ("DepotId", "ItemId")
);

CREATE TABLE "StockLots" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_StockLots" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "DepotId" INTEGER NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "ExpiresOn" TEXT NULL,
    "LotNumber" TEXT NULL,
    "Condition" TEXT NULL,
    "Source" TEXT NOT NULL,
    "DonorId" INTEGER NULL,
    "ReceivedByOperationId" INTEGER NOT NULL,
    "ReceivedAtUtc" TEXT NOT NULL,
    "OnHand" INTEGER NOT NULL
);

CREATE TABLE "StockMovements" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_StockMovements" PRIMARY KEY AUTOINCREMENT,
    "OperationId" INTEGER NOT NULL,
    "TerritoryId" INTEGER NOT NULL,
    "DepotId" INTEGER NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "LotId" INTEGER NOT NULL,
    "Quantity" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "AtUtc" TEXT NOT NULL
);

CREATE TABLE "StockOperations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_StockOperations" PRIMARY KEY AUTOINCREMENT,
    "TerritoryId" INTEGER NOT NULL,
    "Key" TEXT NULL,
    "Kind" TEXT NOT NULL,
    "AtUtc" TEXT NOT NULL,
    "DepotId" INTEGER NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "Quantity" INTEGER NOT NULL,
    "ToDepotId" INTEGER NULL,
    "LotId" INTEGER NULL,
    "DonorId" INTEGER NULL,
    "RecipientProfessionalId" INTEGER NULL,
    "RecipientStructureId" INTEGER NULL,
    "RecipientLabel" TEXT NULL,
    "RecipientProfession" TEXT NULL,
    "CollectedBy" TEXT NULL,
    "RequestId" INTEGER NULL,
    "AllocationLineId" INTEGER NULL,
    "Reason" TEXT NULL,
    "ByUserId" TEXT NOT NULL,
    "ByName" TEXT NOT NULL
);

CREATE INDEX "IX_AllocationLines_RequestId" ON "AllocationLines" ("RequestId");

CREATE INDEX "IX_AllocationLines_RoundId" ON "AllocationLines" ("RoundId");

CREATE INDEX "IX_AllocationRounds_DepotId_ItemId_Status" ON "AllocationRounds" ("DepotId", "ItemId", "Status");

CREATE INDEX "IX_AllocationRounds_TerritoryId_Status" ON "AllocationRounds" ("TerritoryId", "Status");

CREATE UNIQUE INDEX "IX_Depots_TerritoryId_Name" ON "Depots" ("TerritoryId", "Name");

CREATE INDEX "IX_Donors_TerritoryId_Name" ON "Donors" ("TerritoryId", "Name");

CREATE UNIQUE INDEX "IX_EquipmentItems_Code" ON "EquipmentItems" ("Code");

CREATE INDEX "IX_EquipmentRequests_ProfessionalId" ON "EquipmentRequests" ("ProfessionalId");

CREATE INDEX "IX_EquipmentRequests_TerritoryId_Status_ItemId" ON "EquipmentRequests" ("TerritoryId", "Status", "ItemId");

CREATE INDEX "IX_LendableUnits_TerritoryId_ItemId" ON "LendableUnits" ("TerritoryId", "ItemId");

CREATE INDEX "IX_Loans_UnitId" ON "Loans" ("UnitId");

CREATE INDEX "IX_StockLevels_TerritoryId" ON "StockLevels" ("TerritoryId");

CREATE INDEX "IX_StockLots_DepotId_ItemId_Status" ON "StockLots" ("DepotId", "ItemId", "Status");

CREATE INDEX "IX_StockLots_TerritoryId_Status" ON "StockLots" ("TerritoryId", "Status");

CREATE INDEX "IX_StockMovements_DepotId_ItemId_AtUtc" ON "StockMovements" ("DepotId", "ItemId", "AtUtc");

CREATE INDEX "IX_StockMovements_LotId" ON "StockMovements" ("LotId");

CREATE INDEX "IX_StockMovements_OperationId" ON "StockMovements" ("OperationId");

CREATE INDEX "IX_StockOperations_DonorId" ON "StockOperations" ("DonorId");

CREATE INDEX "IX_StockOperations_RequestId" ON "StockOperations" ("RequestId");

CREATE INDEX "IX_StockOperations_TerritoryId_AtUtc" ON "StockOperations" ("TerritoryId", "AtUtc");

CREATE UNIQUE INDEX "IX_StockOperations_TerritoryId_Key" ON "StockOperations" ("TerritoryId", "Key");

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('masque-ffp2', 'Masque FFP2', 'Masks', 'pièce', 0, 1, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('masque-chirurgical', 'Masque chirurgical', 'Masks', 'pièce', 0, 1, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('masque-tissu', 'Masque en tissu grand public', 'Masks', 'pièce', 0, 0, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('surblouse', 'Surblouse', 'Gowns', 'pièce', 0, 0, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('blouse', 'Blouse', 'Gowns', 'pièce', 0, 0, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('visiere', 'Visière', 'EyeProtection', 'pièce', 0, 0, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('lunettes', 'Lunettes de protection', 'EyeProtection', 'pièce', 0, 0, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('gants', 'Gants d''examen', 'Gloves', 'paire', 0, 1, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('charlotte', 'Charlotte', 'Caps', 'pièce', 0, 0, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('gel-hydroalcoolique', 'Gel hydro-alcoolique', 'Hygiene', 'litre', 0, 1, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('kit-prelevement', 'Kit de prélèvement', 'Testing', 'pièce', 0, 1, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('bouteille-oxygene', 'Bouteille d''oxygène', 'Oxygen', 'pièce', 0, 0, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('concentrateur-oxygene', 'Concentrateur d''oxygène', 'Oxygen', 'appareil', 1, 0, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('saturometre', 'Saturomètre (oxymètre de pouls)', 'Monitoring', 'appareil', 1, 0, NULL, 0);

INSERT INTO "EquipmentItems" ("Code", "Name", "Category", "Unit", "Lendable", "TracksExpiry", "TerritoryId", "Archived") VALUES ('vehicule', 'Véhicule prêté', 'Vehicle', 'véhicule', 1, 0, NULL, 0);
