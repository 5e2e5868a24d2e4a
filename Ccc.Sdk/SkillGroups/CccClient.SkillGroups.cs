namespace Ccc.Sdk;

public partial class CccClient
{
    /// <summary>Lists the skill groups of an instance (<c>ListSkillGroups</c>), page by page as enumerated.</summary>
    /// <param name="request">Filters; <see langword="null"/> for all groups of the default instance.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <exception cref="ArgumentException">No instance id is known.</exception>
    /// <exception cref="CccException">A page failed (thrown while enumerating).</exception>
    public virtual CccPageable<SkillGroup> ListSkillGroupsAsync(ListSkillGroupsRequest? request = null, CancellationToken cancellationToken = default) =>
        List(request ?? new ListSkillGroupsRequest(), CccJsonContext.Default.CccPagedDataSkillGroup, cancellationToken);
}
