using Training.Identity;
using Training.Tests.Support;

namespace Training.Decisions.Tests.Identity;

public class when_checking_identifiers
{
    [Theory]
    [InlineData("11010519491231002X")] // the example of GB 11643
    [InlineData("11010519491231002x")]
    public void a_resident_id_with_the_right_check_character_is_accepted_and_upper_cased(string id) =>
        ResidentId.Normalize(id).Should().Be("11010519491231002X");

    [Theory]
    [InlineData("110105194912310021")] // wrong check character
    [InlineData("11010519491231002")] // 17 characters
    [InlineData("11010519491231002XX")]
    [InlineData("1101051949123100AX")]
    [InlineData("110105194913310027")] // month 13, check character right for the digits
    [InlineData("")]
    [InlineData(null)]
    public void a_resident_id_that_fails_the_check_is_refused(string? id) => ResidentId.Normalize(id).Should().BeNull();

    [Fact]
    public void a_month_13_number_is_refused_for_its_date_not_its_check_character()
    {
        var first17 = "11010519491331002";
        ResidentId.Normalize(first17 + ResidentId.CheckCharacter(first17)).Should().BeNull();
    }

    [Fact]
    public void a_resident_id_is_masked_to_its_first_six_and_last_four() =>
        ResidentId.Mask("11010519491231002X").Should().Be("110105********002X");

    [Theory]
    [InlineData("91350100M000100Y43")] // the example of GB 32100
    [InlineData("91110000600037341L")]
    [InlineData("91350100m000100y43")]
    public void a_credit_code_with_the_right_check_character_is_accepted(string code) =>
        CreditCode.Normalize(code).Should().Be(code.ToUpperInvariant());

    [Theory]
    [InlineData("91350100M000100Y44")]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100I000100Y43")] // I is not in the alphabet
    [InlineData(null)]
    public void a_credit_code_that_fails_the_check_is_refused(string? code) => CreditCode.Normalize(code).Should().BeNull();

    [Fact]
    public void the_test_generators_make_valid_and_invalid_numbers()
    {
        ResidentId.Normalize(People.IdNumber(7)).Should().NotBeNull();
        ResidentId.Normalize(People.BadIdNumber(7)).Should().BeNull();
        CreditCode.Normalize(People.CreditCode(7)).Should().NotBeNull();
    }
}
