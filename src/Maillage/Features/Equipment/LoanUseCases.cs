using System.Security.Claims;
using Maillage.Data;
using Maillage.Features.Accounts;
using Maillage.Features.Directory;
using Maillage.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Equipment;

public sealed record UnitRequest(int ItemId, int DepotId, string? Label, string? SerialNumber, string? Owner);

public sealed record LendRequest(int? BorrowerProfessionalId, string? BorrowerName, string? Purpose, DateOnly? DueOn, int Version);

public sealed record ReturnRequest(string? Note, bool NeedsMaintenance, int Version);

public sealed record LoanView(int Id, int? BorrowerProfessionalId, string Borrower, string? Purpose, DateTime LentAtUtc, DateOnly DueOn, bool Overdue, string LentBy,
    DateTime? ReturnedAtUtc, string? ReturnedBy, string? ReturnNote);

public sealed record LendableView(
    int Id, int ItemId, string Item, int DepotId, string Depot, string Label, string? SerialNumber, string? Owner, LendableStatus Status, string StatusLabel, int Version,
    LoanView? CurrentLoan, IReadOnlyList<LoanView> History);

/// <summary>
/// Equipment lent unit by unit (oxygen concentrators, saturometers, a vehicle lent by a municipality):
/// who has it, since when, until when, and every past loan. A unit is never deleted; it is retired.
/// </summary>
public sealed class Loans(MaillageDb db, EquipmentCatalogue catalogue, LoadProfessionalFacts professionals, TimeProvider time)
{
    public async Task<int> RegisterAsync(int territoryId, UnitRequest r, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var item = await catalogue.ItemAsync(territoryId, r.ItemId, ct);
        if (!item.Lendable)
        {
            throw DomainException.Invalid($"« {item.Name} » se gère en stock, pas à l'unité.", "itemId");
        }

        await catalogue.DepotAsync(territoryId, r.DepotId, ct);
        var label = DirectoryRules.Required(r.Label, "Le nom de l'appareil (ex. « Concentrateur n° 3 »)", "label", 120);
        if (await db.Set<LendableUnit>().AnyAsync(u => u.TerritoryId == territoryId && u.Label == label, ct))
        {
            throw DomainException.Conflict($"Un appareil s'appelle déjà « {label} » : donnez-lui un nom distinct.", "label");
        }

        var unit = new LendableUnit
        {
            TerritoryId = territoryId, ItemId = item.Id, DepotId = r.DepotId, Label = label,
            SerialNumber = DirectoryRules.Optional(r.SerialNumber, "Le numéro de série", "serialNumber", 60),
            Owner = DirectoryRules.Optional(r.Owner, "Le propriétaire", "owner", 200), Status = LendableStatus.Available, CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Add(unit);
        await db.SaveChangesAsync(ct);
        return unit.Id;
    }

    public async Task<IReadOnlyList<LendableView>> ListAsync(int territoryId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var units = await db.Set<LendableUnit>().AsNoTracking().Where(u => u.TerritoryId == territoryId).ToListAsync(ct);
        return await ViewsAsync(territoryId, units, ct);
    }

    public async Task<int> LendAsync(int territoryId, int unitId, LendRequest r, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        var scope = await catalogue.ScopeAsync(user, territoryId, ct);
        var unit = await UnitAsync(territoryId, unitId, r.Version, ct);
        if (unit.Status != LendableStatus.Available)
        {
            throw DomainException.Conflict($"« {unit.Label} » n'est pas disponible ({EquipmentLabels.Of(unit.Status).ToLowerInvariant()}).");
        }

        string borrower;
        if (r.BorrowerProfessionalId is { } pid)
        {
            var facts = (await professionals.ExecuteAsync([pid], scope, ct)).GetValueOrDefault(pid);
            borrower = facts is not null && facts.TerritoryId == territoryId ? facts.Name
                : throw DomainException.Invalid("Professionnel inconnu de l'annuaire de ce territoire.", "borrowerProfessionalId");
        }
        else
        {
            borrower = DirectoryRules.Required(r.BorrowerName, "L'emprunteur (professionnel ou structure)", "borrowerName", 200);
        }

        var today = French.Today(time);
        var due = r.DueOn ?? throw DomainException.Invalid("Indiquez la date de retour prévue.", "dueOn");
        if (due < today || due > today.AddDays(366))
        {
            throw DomainException.Invalid("La date de retour prévue doit être entre aujourd'hui et dans un an.", "dueOn");
        }

        var loan = new Loan
        {
            UnitId = unit.Id, BorrowerProfessionalId = r.BorrowerProfessionalId, BorrowerLabel = borrower,
            Purpose = DirectoryRules.Optional(r.Purpose, "L'usage", "purpose", 300), LentAtUtc = time.GetUtcNow().UtcDateTime, DueOn = due, LentBy = EquipmentAccess.NameOf(user),
        };
        unit.Status = LendableStatus.OnLoan;
        unit.Version++;
        db.Add(loan);
        await db.SaveChangesAsync(ct);
        return loan.Id;
    }

    public async Task ReturnAsync(int territoryId, int unitId, ReturnRequest r, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var unit = await UnitAsync(territoryId, unitId, r.Version, ct);
        var loan = await db.Set<Loan>().Where(l => l.UnitId == unitId && l.ReturnedAtUtc == null).OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct);
        if (unit.Status != LendableStatus.OnLoan || loan is null)
        {
            throw DomainException.Conflict($"« {unit.Label} » n'est pas prêté.");
        }

        loan.ReturnedAtUtc = time.GetUtcNow().UtcDateTime;
        loan.ReturnedBy = EquipmentAccess.NameOf(user);
        loan.ReturnNote = DirectoryRules.Optional(r.Note, "L'état au retour", "note", 300);
        unit.Status = r.NeedsMaintenance ? LendableStatus.Maintenance : LendableStatus.Available;
        unit.Version++;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Back from maintenance, sent to maintenance, or retired for good (kept, with its history).</summary>
    public async Task SetStatusAsync(int territoryId, int unitId, LendableStatus status, int version, ClaimsPrincipal user, CancellationToken ct = default)
    {
        EquipmentAccess.Require(EquipmentAccess.MayHandle(user));
        await catalogue.ScopeAsync(user, territoryId, ct);
        var unit = await UnitAsync(territoryId, unitId, version, ct);
        if (status == LendableStatus.OnLoan || !Enum.IsDefined(status))
        {
            throw DomainException.Invalid("Pour prêter un appareil, enregistrez un prêt.", "status");
        }

        if (unit.Status == LendableStatus.OnLoan)
        {
            throw DomainException.Conflict($"« {unit.Label} » est prêté : enregistrez d'abord son retour.");
        }

        if (unit.Status == LendableStatus.Retired)
        {
            throw DomainException.Conflict($"« {unit.Label} » est retiré du parc.");
        }

        unit.Status = status;
        unit.Version++;
        await db.SaveChangesAsync(ct);
    }

    private async Task<LendableUnit> UnitAsync(int territoryId, int unitId, int version, CancellationToken ct)
    {
        var unit = await db.Set<LendableUnit>().FirstOrDefaultAsync(u => u.Id == unitId && u.TerritoryId == territoryId, ct)
                   ?? throw DomainException.NotFound("Appareil introuvable.");
        return unit.Version == version ? unit : throw DomainException.Conflict($"« {unit.Label} » vient d'être modifié : rechargez la page.", "version");
    }

    private async Task<IReadOnlyList<LendableView>> ViewsAsync(int territoryId, IReadOnlyList<LendableUnit> units, CancellationToken ct)
    {
        var ids = units.Select(u => u.Id).ToList();
        var loans = (await db.Set<Loan>().AsNoTracking().Where(l => ids.Contains(l.UnitId)).ToListAsync(ct)).ToLookup(l => l.UnitId);
        var depots = (await catalogue.DepotsAsync(territoryId, ct)).ToDictionary(d => d.Id, d => d.Name);
        var items = (await catalogue.ItemsAsync(territoryId, lendable: true, ct)).ToDictionary(i => i.Id, i => i.Name);
        var today = French.Today(time);
        LoanView View(Loan l) => new(l.Id, l.BorrowerProfessionalId, l.BorrowerLabel, l.Purpose, l.LentAtUtc, l.DueOn, l.ReturnedAtUtc is null && l.DueOn < today, l.LentBy,
            l.ReturnedAtUtc, l.ReturnedBy, l.ReturnNote);
        return units
            .OrderBy(u => u.Status == LendableStatus.Retired).ThenBy(u => items.GetValueOrDefault(u.ItemId, "?")).ThenBy(u => u.Label, StringComparer.Create(French.Culture, true))
            .Select(u =>
            {
                var history = loans[u.Id].OrderByDescending(l => l.Id).Select(View).ToList();
                return new LendableView(u.Id, u.ItemId, items.GetValueOrDefault(u.ItemId, "?"), u.DepotId, depots.GetValueOrDefault(u.DepotId, "?"), u.Label, u.SerialNumber, u.Owner,
                    u.Status, EquipmentLabels.Of(u.Status), u.Version, history.FirstOrDefault(l => l.ReturnedAtUtc is null), history);
            }).ToList();
    }
}
