namespace Ccc.Sdk;

public partial class CccClient
{
    /// <summary>Lists the phone numbers of an instance (<c>ListPhoneNumbers</c>), page by page as enumerated.</summary>
    /// <param name="request">Filters; <see langword="null"/> for all numbers of the default instance.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <exception cref="ArgumentException">No instance id is known.</exception>
    /// <exception cref="CccException">A page failed (thrown while enumerating).</exception>
    public virtual CccPageable<PhoneNumber> ListPhoneNumbersAsync(ListPhoneNumbersRequest? request = null, CancellationToken cancellationToken = default) =>
        List(request ?? new ListPhoneNumbersRequest(), CccJsonContext.Default.CccPagedDataPhoneNumber, cancellationToken);

    /// <summary>Looks up where a number is registered (<c>GetNumberLocation</c>).</summary>
    /// <exception cref="ArgumentException">The number is missing, or no instance id is known.</exception>
    /// <exception cref="CccException">A service error.</exception>
    public virtual Task<CccResponse<NumberLocation>> GetNumberLocationAsync(GetNumberLocationRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, CccJsonContext.Default.NumberLocation, cancellationToken);

    /// <summary>Lists the outbound numbers a user may call from (<c>ListOutboundNumbersOfUser</c>), page by page as enumerated.</summary>
    /// <param name="request">The user and filters; <see langword="null"/> for the calling agent in the default instance.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <exception cref="ArgumentException">No instance id is known.</exception>
    /// <exception cref="CccException">A page failed (thrown while enumerating).</exception>
    public virtual CccPageable<OutboundNumber> ListOutboundNumbersOfUserAsync(ListOutboundNumbersOfUserRequest? request = null, CancellationToken cancellationToken = default) =>
        List(request ?? new ListOutboundNumbersOfUserRequest(), CccJsonContext.Default.CccPagedDataOutboundNumber, cancellationToken);
}
