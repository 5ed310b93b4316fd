"""Bilingual sentences for risk reasons and plan notes. Pure, no I/O.

Every number the risk and plan engines produce comes with one of these, so the
user never sees an unexplained score or date. Chinese first, English second.
"""

from __future__ import annotations

from datetime import date

from acctexit.domain.models import Phase, PhoneUse, Text

# --- risk: how easily the next holder takes the account over -----------------

PHONE_USE: dict[PhoneUse, Text] = {
    PhoneUse.SMS_LOGIN: Text("短信验证码即可登录", "SMS code alone signs in"),
    PhoneUse.SMS_RESET: Text("短信验证码可重置密码", "SMS code resets the password"),
    PhoneUse.SECOND_FACTOR: Text("短信只是第二重验证", "SMS is only a second factor"),
}
PHONE_USE_UNKNOWN = Text("不清楚平台怎样使用手机号", "unknown how the platform uses the number")

NUMBER_KEPT = Text("号码保留，不会被运营商回收", "number kept: the carrier will not recycle it")
NUMBER_CANCEL_UNDATED = Text(
    "号码将要注销（未填日期）", "number will be cancelled (no date entered)"
)
NUMBER_CANCELLED_UNDATED = Text(
    "号码已注销并冻结（未填注销日期）", "number cancelled and frozen (no cancel date entered)"
)


def number_reissue_in(days: int, when: date) -> Text:
    if days == 0:
        return Text(
            f"号码最早今天（{when}）就可能被重新发放", f"number may be re-issued today ({when})"
        )
    return Text(
        f"号码最早可能在 {days} 天后（{when}）被重新发放",
        f"number may be re-issued in {days} days ({when})",
    )


def number_reissued_since(when: date) -> Text:
    return Text(
        f"现在就暴露：号码自 {when} 起可能已在陌生人手中",
        f"exposed now: number may already belong to a stranger (since {when})",
    )


def number_will_cancel(on: date) -> Text:
    return Text(f"号码将于 {on} 注销", f"number will be cancelled on {on}")


def number_cancelled(on: date) -> Text:
    return Text(f"号码已于 {on} 注销，冻结中", f"number cancelled on {on}, now frozen")


# --- risk: what the next holder would get -------------------------------------

PERSONAL_DATA = Text(
    "账户里有姓名、证件等个人信息", "the account holds your name, ID and other data"
)


def balance(amount: float) -> Text:
    return Text(f"账户余额 ¥{amount:,.2f}", f"balance of ¥{amount:,.2f}")


BALANCE_UNKNOWN = Text("可能存有资金（未填余额）", "may hold money (balance not entered)")


def cards(n: int) -> Text:
    if n == 1:
        return Text("绑定了 1 张银行卡", "1 bank card bound")
    return Text(f"绑定了 {n} 张银行卡", f"{n} bank cards bound")


CARDS_UNKNOWN = Text("可能绑定了银行卡（未填）", "bank cards may be bound (not entered)")
PASSWORD_FREE = Text("开通了免密支付/自动扣款", "password-free payments are on")
PASSWORD_FREE_UNKNOWN = Text(
    "可能开通了免密支付（未填）", "password-free payments may be on (not entered)"
)
CONTACTS = Text("好友和联系人可能被冒充诈骗", "friends and contacts can be defrauded")
ORDERS = Text("收货地址和订单记录会暴露", "addresses and order history are exposed")


def sign_ins(n: int, names: Text | None = None) -> Text:
    zh = f"({names.zh})" if names and names.zh else ""
    en = f" ({names.get('en')})" if names and names.get("en") else ""
    if n == 1:
        return Text(f"1 个其他应用通过它登录{zh}", f"1 other app signs in through it{en}")
    return Text(f"{n} 个其他应用通过它登录{zh}", f"{n} other apps sign in through it{en}")


SIGN_INS_UNKNOWN = Text(
    "其他应用可能通过它登录（未填）", "other apps may sign in through it (not entered)"
)

RESOLVED_REBOUND = Text("已换绑到其他号码", "moved off this number")
RESOLVED_DEREGISTERED = Text("已注销", "deregistered")
RESOLVED_ALL_DONE = Text("所有步骤已完成或跳过", "all steps done or skipped")


def long_unused(last_used: date) -> Text:
    """Why moving the number did not make a long-unused account safe (seed 003)."""
    return Text(
        f"自 {last_used.isoformat()} 起没再用过：长期不用的账号应该注销，只换绑号码还不算处理完",
        f"not used since {last_used.isoformat()}: an account you no longer use should be "
        "deregistered; moving its number is not enough",
    )


def yzt_gap(reported: int, listed: int) -> Text:
    return Text(
        f"一证通查显示 {reported} 个，它覆盖的平台上已列出 {listed} 个",
        f"一证通查 (MIIT look-up) reported {reported}; {listed} listed on the platforms it covers",
    )


# --- plan notes ---------------------------------------------------------------

FACT_NAMES: dict[str, Text] = {
    "last_sensitive_change": Text(
        "最近一次敏感变更（改密码、换绑）的日期",
        "date of your last sensitive change (password, binding)",
    ),
    "last_order": Text("最近一笔订单的日期", "date of your last order"),
    "orders_closed": Text("最后一笔订单完结的日期", "date your last open order was closed"),
    "last_used": Text("最后一次登录的日期", "date you last signed in"),
    "balance": Text("账户余额", "account balance"),
    "bank_cards": Text("绑定的银行卡数量", "number of bound bank cards"),
    "password_free": Text("是否开通免密支付", "whether password-free payments are on"),
    "linked_apps": Text("通过它登录的其他应用数量", "number of other apps signing in through it"),
}


DATED_FACTS = frozenset({"last_sensitive_change", "last_order", "orders_closed", "last_used"})


def needs_fact(fact: str, rule: Text) -> Text:
    """A condition that cannot be evaluated because the user has not entered `fact`."""
    name = FACT_NAMES.get(fact, Text(fact, fact))
    rule = Text(rule.zh.rstrip("。．.；; "), rule.get("en").rstrip(".; "))
    if fact in DATED_FACTS:
        return Text(
            f"{rule.zh}：请填写{name.zh}以算出日期",
            f"{rule.get('en')}: enter the {name.get('en')} to get the date",
        )
    return Text(f"{rule.zh}：请填写{name.zh}", f"{rule.get('en')}: enter the {name.get('en')}")


def _from(when: date, today: date) -> tuple[str, str]:
    if when <= today:
        return f"已满足（自 {when} 起）", f"met since {when}"
    return f"{when} 起可以", f"from {when}"


def quiet_after_change(days: int, changed: date, when: date, today: date) -> Text:
    zh, en = _from(when, today)
    return Text(
        f"最近一次敏感变更（{changed}）后需等 {days} 天：{zh}",
        f"{days} days after your last sensitive change ({changed}): {en}",
    )


def since_last_order(days: int, last: date, when: date, today: date) -> Text:
    zh, en = _from(when, today)
    return Text(
        f"最近一笔订单（{last}）后需等 {days} 天：{zh}",
        f"{days} days after your last order ({last}): {en}",
    )


def since_orders_closed(days: int, closed: date, when: date, today: date) -> Text:
    zh, en = _from(when, today)
    return Text(
        f"所有订单完结（{closed}）后需等 {days} 天：{zh}",
        f"{days} days after all orders were closed ({closed}): {en}",
    )


RULE_QUIET = Text("敏感变更后需等待一段时间", "a quiet period after sensitive changes")
RULE_LAST_ORDER = Text("最近订单后需等待一段时间", "a waiting period after the last order")
RULE_ORDERS_CLOSED = Text("订单完结后需等待一段时间", "a waiting period after orders are closed")


def regret(days: int, final: date) -> Text:
    return Text(
        f"{days} 天冷静期，最早 {final} 才最终生效",
        f"final only after a {days}-day regret period: {final} at the earliest",
    )


def review(days: int) -> Text:
    return Text(
        f"平台审核约需 {days} 天", f"the platform reviews the request for about {days} days"
    )


def daily_attempts(n: int) -> Text:
    return Text(f"每天最多尝试 {n} 次", f"at most {n} attempts a day")


def inactivity_impossible(days: int, when: date | None) -> Text:
    if when is None:
        return Text(
            f"无法自助注销：连续 {days} 天未登录后删除（请填写最后登录日期以算出日期）",
            f"no self-service deletion: deleted after {days} days without login "
            "(enter when you last signed in to get the date)",
        )
    return Text(
        f"无法自助注销：连续 {days} 天未登录后删除，最早 {when}",
        f"no self-service deletion: deleted after {days} days without login, from {when}",
    )


def inactivity_alternative(days: int, when: date | None) -> Text:
    if when is None:
        return Text(
            f"另外：连续 {days} 天未登录会被平台关闭",
            f"also: closed by the platform after {days} days without login",
        )
    return Text(
        f"另外：连续 {days} 天未登录会被平台关闭，最早 {when}",
        f"also: closed by the platform after {days} days without login, from {when}",
    )


IMPOSSIBLE = Text("无法注销：平台不提供注销", "not possible: the platform offers no deregistration")


def withdraw_first(amount: float) -> Text:
    return Text(f"先提取余额 ¥{amount:,.2f}", f"withdraw ¥{amount:,.2f} first")


BALANCE_ZERO = Text("余额须为 0：已满足", "balance must be 0: done")


def unbind_cards_first(n: int) -> Text:
    return Text(f"先解绑 {n} 张银行卡", f"unbind {n} bank card{'s' if n != 1 else ''} first")


CARDS_ZERO = Text("须无绑定银行卡：已满足", "no bank cards may be bound: done")
PASSWORD_FREE_FIRST = Text(
    "先关闭免密支付和自动扣款", "cancel password-free payments and auto-debit first"
)
PASSWORD_FREE_OFF = Text("须关闭免密支付：已满足", "password-free payments must be off: done")


def linked_apps_first(n: int) -> Text:
    if n == 1:
        return Text(
            "先解除 1 个其他应用的第三方登录", "first stop 1 other app signing in through it"
        )
    return Text(
        f"先解除 {n} 个其他应用的第三方登录", f"first stop {n} other apps signing in through it"
    )


LINKED_APPS_NONE = Text("须无第三方登录：已满足", "no other app may sign in through it: done")


# --- plan blockers --------------------------------------------------------------


def first_do(step_texts: list[Text]) -> Text:
    zh = "、".join(f"「{t.zh}」" for t in step_texts)
    en = "; ".join(f"“{t.get('en')}”" for t in step_texts)
    return Text(f"先完成{zh}", f"first: {en}")


def stop_signing_in(names: list[Text], provider: Text) -> Text:
    zh = "、".join(n.zh for n in names)
    en = ", ".join(n.get("en") for n in names)
    return Text(
        f"先解除{zh}的{provider.zh}登录", f"first stop {en} signing in with {provider.get('en')}"
    )


DEREGISTER_FIRST = Text("先完成注销", "deregister first")


def other_accounts_first(names: list[Text], count: int) -> Text:
    """Why cancelling a number waits: the `count` other accounts on it with something
    left to do, the first of them by name."""
    zh = "、".join(n.zh for n in names)
    en = ", ".join(n.get("en") for n in names)
    if count > len(names):
        zh += f"等 {count} 个账号"
        en += f" and {count - len(names)} more"
    return Text(
        f"先处理完这个号码上的其他账号：{zh}",
        f"first deal with every other account on this number: {en}",
    )


PHASE_NAMES: dict[Phase, Text] = {
    Phase.DISCOVER: Text("摸底", "Discover"),
    Phase.FINANCE: Text("金融", "Finance"),
    Phase.SOCIAL: Text("社交", "Social"),
    Phase.COMMERCE: Text("购物", "Shopping"),
    Phase.LIFE: Text("生活服务", "Life services"),
    Phase.OTHER: Text("其他", "Other"),
    Phase.AFTERCARE: Text("善后", "After-care"),
}


def moved_to_phase(own: Phase, placed: Phase) -> Text:
    a, b = PHASE_NAMES[own], PHASE_NAMES[placed]
    return Text(
        f"因此从「{a.zh}」阶段推迟到「{b.zh}」阶段",
        f"so it moves from the {a.get('en')} phase to the {b.get('en')} phase",
    )


CIRCULAR = Text(
    "与其他步骤互相等待，已按原顺序排列", "waits on steps that wait on it; kept in its own place"
)
NOT_NEEDED = Text(
    "无需再做：账户已离开这个号码", "no longer needed: the account is off this number"
)
# --- plan deadlines (domain/deadlines.py) -------------------------------------------


def too_late(earliest: date, do_by: date) -> Text:
    return Text(
        f"来不及了：最早 {earliest} 才能办理，但旧号码 {do_by} 起就收不到验证码",
        f"no longer fits: possible only from {earliest}, "
        f"but the old number stops receiving codes on {do_by}",
    )


def old_number_gone(since: date) -> Text:
    return Text(
        f"旧号码自 {since} 起已收不到验证码，无法再自助完成这一步",
        f"the old number has received no codes since {since}: "
        "this step can no longer be done by yourself",
    )


REBIND_INSTEAD = Text(
    "改为：现在就把绑定手机号换成新号码，以后再用新号码注销",
    "instead: move the binding to your new number now, and deregister later from the new number",
)
SUPPORT_ROUTE = Text(
    "或者：联系平台客服人工申诉（通常要核验身份证件）",
    "or: ask the platform's support and appeal (usually with ID verification)",
)
APPEAL_ROUTE = Text(
    "剩下的办法：联系平台客服人工申诉，核验身份证件后改绑或注销",
    "what remains: appeal to the platform's support, verify with your ID, then rebind or close",
)
