namespace Ccc.Sdk;

public partial class CccClient
{
    /// <summary>Lists the users of an instance (<c>ListUsers</c>), page by page as enumerated.</summary>
    /// <param name="request">Filters; <see langword="null"/> for all users of the default instance.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <exception cref="ArgumentException">No instance id is known (thrown here, before any request).</exception>
    /// <exception cref="CccException">A page failed (thrown while enumerating).</exception>
    public virtual CccPageable<CccUser> ListUsersAsync(ListUsersRequest? request = null, CancellationToken cancellationToken = default) =>
        List(request ?? new ListUsersRequest(), CccJsonContext.Default.CccPagedDataCccUser, cancellationToken);

    /// <summary>Gets one user by id or extension (<c>GetUser</c>).</summary>
    /// <exception cref="ArgumentException">No instance id is known.</exception>
    /// <exception cref="CccInvalidParameterException">Neither <c>UserId</c> nor <c>Extension</c> is set and the calling key is not an agent's (<c>Parameter.Blank</c>).</exception>
    /// <exception cref="CccNotFoundException">The user does not exist (<c>NotExists.UserId</c>).</exception>
    /// <exception cref="CccException">Another service error.</exception>
    public virtual Task<CccResponse<CccUser>> GetUserAsync(GetUserRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CccUser, cancellationToken);

    /// <summary>Creates a user (<c>CreateUser</c>). State-changing: never re-sent once it may have reached the service.</summary>
    /// <exception cref="ArgumentException">A required parameter is missing.</exception>
    /// <exception cref="CccConflictException">The user already exists (<c>AlreadyExists.User</c>).</exception>
    /// <exception cref="CccRequestOutcomeUnknownException">The response was lost; check with <see cref="GetUserAsync"/> before retrying.</exception>
    /// <exception cref="CccException">Another service error.</exception>
    public virtual Task<CccResponse<CccUser>> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.CccUser, cancellationToken);
}
