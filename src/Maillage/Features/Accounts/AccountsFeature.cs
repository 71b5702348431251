using System.Security.Claims;
using Maillage.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Accounts;

public static class AccountsFeature
{
    public const string AdminPolicy = "admin";
    public const string TerritoryEditorPolicy = "territory-editor";
    public const string DisplayNameClaim = "maillage:display-name";
    public const string DemoClaim = "maillage:demo";

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        // Keys protect the login cookie; kept beside the data so that a restart does not sign everyone out.
        var keys = configuration["MAILLAGE_KEYS"] ?? Path.Combine("data", "keys");
        services.AddDataProtection().SetApplicationName("Maillage").PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = configuration.GetValue("Maillage:MaxFailedLogins", 5);
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MaillageDb>()
            .AddErrorDescriber<FrenchIdentityErrors>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<MaillageClaimsFactory>();
        services.AddScoped<AuditLog>();
        services.AddScoped<ScopeOfUser>();
        services.AddScoped<AddUser>();
        services.AddScoped<ChangeUserAccess>();
        services.AddScoped<ListUsers>();
        services.AddScoped<ShowUser>();
        return services;
    }

    public static IServiceCollection AddAccountsWeb(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<AppUser>().AddSignInManager();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "maillage";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/connexion";
            options.LogoutPath = "/deconnexion";
            options.AccessDeniedPath = "/acces-refuse";
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;
            options.Events.OnRedirectToLogin = context => ApiOr(context.HttpContext, StatusCodes.Status401Unauthorized, () => context.Response.Redirect(context.RedirectUri));
            options.Events.OnRedirectToAccessDenied = context => ApiOr(context.HttpContext, StatusCodes.Status403Forbidden, () => context.Response.Redirect(context.RedirectUri));
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Administrator))
            .AddPolicy(TerritoryEditorPolicy, p => p.RequireRole(Roles.Administrator, Roles.Coordinator));
        services.Configure<RazorPagesOptions>(options =>
        {
            options.Conventions.AllowAnonymousToPage("/Accounts/Pages/Login");
            options.Conventions.AllowAnonymousToPage("/Accounts/Pages/LoginCode");
            options.Conventions.AuthorizeFolder("/Accounts/Pages/Admin", AdminPolicy);
            options.Conventions.AddPageApplicationModelConvention("/Accounts/Pages/Login",
                model => model.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Infrastructure.WebHosting.LoginRateLimit)));
            options.Conventions.AddPageApplicationModelConvention("/Accounts/Pages/LoginCode",
                model => model.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Infrastructure.WebHosting.LoginRateLimit)));
        });
        return services;
    }

    private static Task ApiOr(HttpContext context, int status, Action redirect)
    {
        if (Infrastructure.WebHosting.IsApi(context.Request.Path))
        {
            context.Response.StatusCode = status;
            return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = status, Title = status == 401 ? "Authentification requise" : "Accès refusé" },
            }).AsTask();
        }

        redirect();
        return Task.CompletedTask;
    }
}

/// <summary>Adds the display name and the demo flag to the sign-in cookie, for the page header.</summary>
public sealed class MaillageClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AccountsFeature.DisplayNameClaim, user.DisplayName));
        if (user.IsDemo)
        {
            identity.AddClaim(new Claim(AccountsFeature.DemoClaim, "true"));
        }

        return identity;
    }
}
