#include "rejectzh.h"

#include <stdio.h>
#include <string.h>

/* Every reason a row can be refused for, in English (as the code writes
 * it, "%" standing for a value) and in Chinese for the clerk. A test
 * (tests/e2e/rejectzh.py) checks that every reason in the sources is here. */
static const struct {
	const char *en;
	const char *zh;
} TABLE[] = {
	/* rows (csvread, xlsx) */
	{ "header row repeated inside the file", "文件中间重复出现表头行" },
	{ "field longer than 1 MiB", "单元格内容超过 1 MiB" },
	{ "NUL byte in field", "单元格含有空字符（NUL）" },
	{ "bytes that are not valid UTF-8 or GB18030 text", "含有无法识别的字符（既非 UTF-8 也非 GB18030 编码）" },
	{ "byte-order mark (U+FEFF) inside a field", "单元格中含有字节顺序标记（U+FEFF）" },
	{ "too few fields: the row has %, the header %", "列数不足：本行 %1 列，表头 %2 列" },
	{ "too many fields: the row has %, the header %", "列数过多：本行 %1 列，表头 %2 列" },
	{ "too few fields", "列数不足" },
	{ "too many fields", "列数过多" },
	{ "record longer than 4 MiB", "本行内容超过 4 MiB" },
	{ "quote not closed: the quoted field runs into line %, a record of its own",
	  "引号未闭合：该单元格一直延续到第 %1 行，而该行本身是一条完整记录（该行已单独读取）" },
	{ "quote not closed before the end of the file", "引号未闭合：直到文件末尾仍未闭合" },
	{ "quoted field runs past 100 lines or 4 MiB: its closing quote is missing",
	  "带引号的单元格超过 100 行或 4 MiB：缺少闭合引号" },
	/* worksheet cells (xlsx) */
	{ "a number of more than 15 digits, which a spreadsheet cannot hold exactly: store it as text",
	  "数字超过 15 位，电子表格无法精确保存：请将该单元格设为文本格式后重新填写" },
	{ "not a number", "不是数字" },
	{ "a negative date serial is not a date", "日期序号为负数，不是有效日期" },
	{ "a date serial past 9999-12-31", "日期序号超出 9999-12-31" },
	{ "date serial 0 is the day before 1900-01-01, not a date", "日期序号 0 早于 1900-01-01，不是有效日期" },
	{ "date serial 60 is 1900-02-29, a day that does not exist (Excel's 1900 leap-year error)",
	  "日期序号 60 对应 1900-02-29，该日并不存在（Excel 的 1900 年闰年错误）" },
	{ "a formula without a saved value: open the workbook, recalculate and save it",
	  "公式没有保存计算结果：请在 Excel 中打开、重新计算并保存" },
	{ "the cell holds a formula error value", "单元格为公式错误值" },
	{ "not a boolean value", "不是逻辑值" },
	{ "not an ISO 8601 date", "不是 ISO 8601 日期" },
	{ "shared string index out of range", "共享字符串序号超出范围（工作簿已损坏）" },
	{ "the row holds more than 64 MiB of text", "本行文字超过 64 MiB" },
	{ "unknown cell type", "未知的单元格类型" },
	{ "part of the merged cells %:%, whose value is in % only",
	  "位于合并单元格 %1:%2 内，其值只保存在 %3：请取消合并并在每一行填写" },
	/* cells (fields, money) */
	{ "empty, a value is required", "为空，必须填写" },
	{ "unknown value", "不是可识别的取值" },
	{ "unknown list item '%'", "列表项“%1”不是可识别的取值" },
	{ "list item too long", "列表项过长" },
	{ "not a yes/no value (是/否, Y/N, yes/no, 1/0, true/false)", "不是“是/否”值（是/否、√/×、Y/N、1/0）" },
	{ "not a whole number", "不是整数" },
	{ "number too large (above 1,000,000)", "数值过大（超过 1,000,000）" },
	{ "not a year", "不是四位年份" },
	{ "not a valid date (2024-12-04, 2024/12/4 or 2024年12月4日)",
	  "不是有效日期（如 2024-12-04、2024/12/4、2024年12月4日）" },
	{ "not a valid date and time (2024-12-04 18:00)", "不是有效的日期时间（如 2024-12-04 18:00）" },
	{ "not a score from 0 to 100 with at most 2 decimals", "不是 0 至 100 之间、至多两位小数的分数" },
	{ "not a percentage from 0 to 100 with at most 2 decimals", "不是 0 至 100 之间、至多两位小数的百分比" },
	{ "amount is negative", "金额为负数" },
	{ "amount too large", "金额过大" },
	{ "amount too long", "金额过长" },
	{ "fraction of a yuan", "金额含有不足一元的部分（金额以元为单位取整）" },
	{ "more than 4 decimals in 万元", "以万元计的金额超过四位小数" },
	{ "not an amount", "不是金额" },
	/* records (programmes, rules) */
	{ "empty, an id is required", "编号为空，必须填写" },
	{ "duplicate id (first on line %)", "编号重复（首次出现在第 %1 行）" },
	{ "duplicate task id", "榜单编号重复" },
	{ "no application with this id in the batch", "本批次没有该编号的申报" },
	{ "no task with this id in tasks.csv", "tasks.csv 中没有该编号的榜单" },
	{ "no base with this id in applications.csv", "applications.csv 中没有该编号的基地" },
	{ "the application with this id was rejected (% line %)", "该编号的申报本身已被拒收（见 %1 第 %2 行）" },
	{ "the task with this id was rejected (% line %)", "该编号的榜单本身已被拒收（见 %1 第 %2 行）" },
	{ "the base with this id was rejected (% line %)", "该编号的基地本身已被拒收（见 %1 第 %2 行）" },
	{ "the % with this id was rejected (% line %)", "该编号的记录（%1）本身已被拒收（见 %2 第 %3 行）" },
	{ "the expert costs of this application add up to more than 10^15 yuan", "该申请的专家费用合计超过 10^15 元" },
	{ "empty, the date received is required", "收到日期为空，必须填写" },
	{ "empty, an enterprise demand side needs its credit code", "企业需求方的统一社会信用代码为空，必须填写" },
	{ "empty, an expert id is required", "专家编号为空，必须填写" },
	{ "empty, the end of the execution period is required", "执行期结束日期为空，必须填写" },
	{ "empty, the time of submission is required", "提交时间为空，必须填写" },
	{ "empty, a date is required", "日期为空，必须填写" },
	{ "empty, the date of the application is required", "申请日期为空，必须填写" },
	{ "empty, the expert's name is required", "专家姓名为空，必须填写" },
	{ "empty, a score is required", "分数为空，必须填写" },
	{ "empty, a start date is required", "起始日期为空，必须填写" },
	{ "empty, an evaluation needs a score unless the base is revoked or leaves",
	  "分数为空：除撤销资格或退出外，评价必须有分数" },
	{ "empty, whether the project was completed on time (是/否) is required: a ban needs the fact",
	  "是否按期完成为空，必须填写“是”或“否”：禁止申报须以该事实为据" },
	{ "empty, a ban on the unit is keyed on its credit code",
	  "统一社会信用代码为空：对单位的禁止申报以此为准，必须填写" },
	{ "empty, a ban on the PI is keyed on the ID number",
	  "项目负责人身份证号为空：对负责人的禁止申报以此为准，必须填写" },
	{ "not a personnel-exchange (PER) application", "不是人才交流类（PER）申请" },
	{ "not an earlier year than the one evaluated (%)", "不早于本次评价年度（%1）" },
	{ "this base already has a grade for this year (line %)", "该基地本年度已有评价等级（第 %1 行）" },
	{ "this expert already scored this application", "该专家已为此申报评分" },
	{ "not a valid ID number (GB 11643-1999)", "不是有效的身份证号码（GB 11643-1999）" },
	{ "not a valid unified social credit code (GB 32100-2015)", "不是有效的统一社会信用代码（GB 32100-2015）" },
	{ "the last day in force is before the start", "截止日期（最后有效日）早于起始日期" },
	{ "a forced termination (强制终止) of a project not marked terminated (终止)",
	  "标记为强制终止，但该项目未标记为终止" },
	{ "approved (%) after the end of the execution period (%)", "立项日期（%1）晚于执行期结束日期（%2）" },
	/* bank account numbers (fields.c) */
	{ "scientific notation: a spreadsheet stored the account number as a number and lost its last digits; format the column as text and export it again",
	  "科学计数法：电子表格把银行账号存成了数字，末尾数字已丢失；请将该列设为文本格式后重新导出" },
	{ "a number with a decimal point: a spreadsheet stored the account number as a number; format the column as text and export it again",
	  "带小数点的数字：电子表格把银行账号存成了数字；请将该列设为文本格式后重新导出" },
	{ "'%' at position %: a bank account number is digits (a space or hyphen between groups is dropped)",
	  "第%2位“%1”不是数字：银行账号只能由数字组成（分组用的空格或连字符会被去掉）" },
	{ "% digits: a bank account number has % to %", "共%1位数字：银行账号应为%2至%3位数字" },
	/* identity cells (src/base/ids.c) */
	{ "scientific notation: a spreadsheet stored the credit code as a number and lost its last digits; format the column as text and export it again",
	  "科学计数法：电子表格把统一社会信用代码存成了数字，末尾数字已丢失；请将该列设为文本格式后重新导出" },
	{ "scientific notation: a spreadsheet stored the ID number as a number and lost its last digits; format the column as text and export it again",
	  "科学计数法：电子表格把身份证号码存成了数字，末尾数字已丢失；请将该列设为文本格式后重新导出" },
	{ "a number with a decimal point or separators: a spreadsheet stored the credit code as a number; format the column as text and export it again",
	  "带小数点或千位分隔符的数字：电子表格把统一社会信用代码存成了数字；请将该列设为文本格式后重新导出" },
	{ "a number with a decimal point or separators: a spreadsheet stored the ID number as a number; format the column as text and export it again",
	  "带小数点或千位分隔符的数字：电子表格把身份证号码存成了数字；请将该列设为文本格式后重新导出" },
	{ "15 digits: an old business registration number (注册号), not the 18-character unified social credit code",
	  "15位数字：这是旧的工商注册号，不是18位统一社会信用代码" },
	{ "9 characters: an organisation code (组织机构代码), not the 18-character unified social credit code",
	  "9位：这是组织机构代码，不是18位统一社会信用代码" },
	{ "15 digits: a first-generation ID number; the 18-digit number is required",
	  "15位数字：这是第一代身份证号码，须填写18位号码" },
	{ "% characters: a unified social credit code has 18", "共%1位：统一社会信用代码应为18位" },
	{ "% characters: an ID number has 18 (17 digits and a check digit or X)",
	  "共%1位：身份证号码应为18位（17位数字加1位校验码或X）" },
	{ "the letter O at position %: a credit code has no letter O; a digit 0 was probably meant",
	  "第%1位是字母O：统一社会信用代码不含字母O，应为数字0" },
	{ "the letter O at position %: an ID number has no letter O; a digit 0 was probably meant",
	  "第%1位是字母O：身份证号码不含字母O，应为数字0" },
	{ "a full-width character at position %: type the credit code in half-width characters",
	  "第%1位是全角字符：请用半角字符填写统一社会信用代码" },
	{ "a full-width character at position %: type the ID number in half-width characters",
	  "第%1位是全角字符：请用半角字符填写身份证号码" },
	{ "'%' at position %: not in the credit code alphabet (digits and letters but I, O, S, V, Z)",
	  "第%2位“%1”不是统一社会信用代码使用的字符（数字及除I、O、S、V、Z外的大写字母）" },
	{ "'%' at position %: an ID number is 17 digits and a check digit or X",
	  "第%2位“%1”不符合身份证号码格式（17位数字加1位校验码或X）" },
};

#define MAX_HOLES 4

/* Matches s against pattern ("%" = one or more characters up to the next
 * literal part); holes[] get the matched spans. */
static bool match(const char *pat, const char *s, const char *holes[MAX_HOLES], size_t lens[MAX_HOLES], int nholes)
{
	while (*pat && *pat != '%') {
		if (*pat++ != *s++)
			return false;
	}
	if (!*pat)
		return *s == '\0';
	if (nholes == MAX_HOLES)
		return false;
	pat++;
	/* The shortest span that lets the rest match. */
	for (size_t k = 1; s[k - 1]; k++) {
		holes[nholes] = s;
		lens[nholes] = k;
		if (match(pat, s + k, holes, lens, nholes + 1))
			return true;
	}
	return false;
}

static int count_holes(const char *pat)
{
	int n = 0;
	for (; *pat; pat++)
		n += *pat == '%';
	return n;
}

static bool translate(const char *error, struct strbuf *out)
{
	for (size_t i = 0; i < sizeof TABLE / sizeof *TABLE; i++) {
		const char *holes[MAX_HOLES];
		size_t lens[MAX_HOLES];
		if (count_holes(TABLE[i].en) > MAX_HOLES || !match(TABLE[i].en, error, holes, lens, 0))
			continue;
		for (const char *z = TABLE[i].zh; *z; z++) {
			if (*z == '%' && z[1] >= '1' && z[1] <= '0' + MAX_HOLES) {
				int h = z[1] - '1';
				sb_append(out, holes[h], lens[h]);
				z++;
			} else {
				sb_putc(out, *z);
			}
		}
		return true;
	}
	return false;
}

bool reject_message_zh(const char *where, const char *error, struct strbuf *out)
{
	if (where && *where) {
		const char *bang = strrchr(where, '!');
		if (bang)
			sb_printf(out, "工作表“%.*s”%s单元格：", (int)(bang - where), where, bang + 1);
		else
			sb_printf(out, "%s：", where);
	}
	if (translate(error, out))
		return true;
	sb_puts(out, "无法读取（原因见 error 列）");
	return false;
}
