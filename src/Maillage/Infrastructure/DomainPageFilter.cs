using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Maillage.Infrastructure;

/// <summary>
/// A page whose subject does not exist, or is outside the user's territories, answers 404. A refusal a
/// handler did not turn into a form error answers 400 (bad input) or 409 (conflict), never 500.
/// </summary>
public sealed class DomainPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is DomainException e)
        {
            executed.Result = new StatusCodeResult(e.Kind switch
            {
                DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
                DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            });
            executed.ExceptionHandled = true;
        }
        else if (executed.Exception is UnauthorizedAccessException)
        {
            // A use case refused the role: the same answer as a page the role may not open.
            executed.Result = new ForbidResult();
            executed.ExceptionHandled = true;
        }
        else if (executed.Exception is Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            // Someone changed the same thing a moment earlier: a conflict, not a crash.
            executed.Result = new StatusCodeResult(StatusCodes.Status409Conflict);
            executed.ExceptionHandled = true;
        }
    }
}
