"""The built-in topic library: short psychoeducation outlines written for Waypoint groups.

Each outline has a title, a two or three sentence summary, four to six key points and two or
three discussion questions. The text is marked with gettext_noop: it is stored in English (the
msgid) and translated when shown (see Topic.shown_title). Facts on overdose response follow
SAMHSA's Opioid Overdose Prevention Toolkit (2018) and the CDC's naloxone guidance; the stages
of change follow Prochaska and DiClemente.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_


@dataclass(frozen=True)
class Outline:
    slug: str
    title: str
    summary: str
    key_points: tuple[str, ...]
    questions: tuple[str, ...]


OUTLINES: tuple[Outline, ...] = (
    Outline(
        slug="drug-set-setting",
        title=N_("Drug, set and setting"),
        summary=N_(
            "How any experience with a substance goes depends on three things: the drug (what, "
            "how much, how it is taken), the set (your mood, body and intentions) and the "
            "setting (where you are, who you are with, what you are doing). Changing any one of "
            "them can lower the risks, whatever your goal is."
        ),
        key_points=(
            N_(
                "Drug: what it is, how strong it is, how much, and how it is taken. The same "
                "amount can affect you very differently with another route or another batch."
            ),
            N_(
                "Set: your mood, how you slept and ate, your health, your tolerance, and what you "
                "want from using. Stress, hunger or grief can change an experience a lot."
            ),
            N_(
                "Setting: where you are, who is with you and what you are doing. A familiar place "
                "with people you trust is usually safer than a new place alone."
            ),
            N_(
                "Tolerance drops quickly after a break (a hospital stay, jail, treatment, or a "
                "few days off). A usual amount can then be too much."
            ),
            N_(
                "Small changes count: eating first, starting with a smaller amount, having "
                "someone nearby, keeping naloxone close."
            ),
            N_(
                "Noticing your own drug, set and setting over time shows patterns you can use, "
                "with nobody judging them."
            ),
        ),
        questions=(
            N_(
                "Think of a time that went better than you expected. What was different about "
                "the drug, the set or the setting?"
            ),
            N_("Which of the three would be easiest for you to change this week?"),
            N_("Who in your life helps your setting feel safer?"),
        ),
    ),
    Outline(
        slug="naloxone-overdose-response",
        title=N_("Naloxone and overdose response"),
        summary=N_(
            "Naloxone (often sold as Narcan) reverses an opioid overdose within minutes. It is "
            "safe, it does nothing to a person who has not taken opioids, and anyone can learn "
            "to use it. Knowing the signs and the steps saves lives."
        ),
        key_points=(
            N_(
                "Signs of an opioid overdose: the person does not wake up or respond to their "
                "name or a hard rub on the breastbone; breathing is very slow, snoring or "
                "gurgling, or has stopped; lips and fingertips turn blue or grey; pupils are tiny."
            ),
            N_(
                "Call emergency services (911 in the US) at once and say that someone is not "
                "breathing or not responding. Many US states have Good Samaritan laws that "
                "protect people who call about an overdose."
            ),
            N_(
                "Give naloxone: one spray into one nostril, or an injection into the thigh or "
                "upper arm. If there is no response after 2 to 3 minutes, give another dose."
            ),
            N_(
                "Support breathing: if you know how, give rescue breaths (tilt the head back, "
                "pinch the nose, one breath every 5 seconds). If the person is breathing, turn "
                "them onto their side in the recovery position so they cannot choke."
            ),
            N_(
                "Stay with them until help comes. Naloxone wears off in 30 to 90 minutes, sooner "
                "than many opioids (fentanyl and methadone among them), so the overdose can come "
                "back."
            ),
            N_(
                "Waking up can bring sudden withdrawal. Using more opioids soon after can cause "
                "another overdose when the naloxone wears off. Naloxone does not reverse "
                "xylazine or alcohol, but give it anyway: opioids are often in the mix."
            ),
        ),
        questions=(
            N_("Where can you get naloxone near here, and where would you keep it?"),
            N_("What would make it easier for you, or the people around you, to call for help?"),
            N_("Who knows where your naloxone is?"),
        ),
    ),
    Outline(
        slug="safer-use-by-route",
        title=N_("Safer use by route"),
        summary=N_(
            "How a substance is taken changes how fast it acts, how strong it feels and which "
            "harms are likely. Every route has ways to lower the risk, and syringe services "
            "programs give sterile supplies for free."
        ),
        key_points=(
            N_(
                "Injecting acts fastest and carries the highest risk of overdose, infections and "
                "vein damage. Use new sterile equipment every time, never share any of it "
                "(syringes, cookers, cottons, water), wipe the skin with an alcohol swab, and "
                "rotate sites."
            ),
            N_(
                "Smoking acts fast too. Use your own pipe or foil, let the pipe cool to avoid "
                "burns and cuts on the lips, and pause between hits to feel the effect."
            ),
            N_(
                "Snorting: use your own straw (not rolled-up money), crush powder finely, "
                "switch nostrils and rinse your nose with water afterwards. Shared straws can "
                "pass on hepatitis C."
            ),
            N_(
                "Swallowing acts slowly: the effect can take an hour or more to arrive, so "
                "waiting before taking more avoids stacking doses."
            ),
            N_(
                "Whatever the route, start low and go slow, above all with a new batch, after a "
                "break, or when fentanyl may be in the supply. Fentanyl test strips can check "
                "for it."
            ),
            N_(
                "Syringe services programs hand out supplies, test strips and naloxone, and "
                "offer testing and care, with no requirement to stop using."
            ),
        ),
        questions=(
            N_("What makes the safer steps easy or hard for the route you know best?"),
            N_("Where can people get new supplies around here?"),
            N_("What would you tell a friend trying something for the first time?"),
        ),
    ),
    Outline(
        slug="mixing-substances",
        title=N_("Mixing substances"),
        summary=N_(
            "Taking more than one substance at a time, including alcohol and prescribed "
            "medicines, changes how each one acts. Some mixes raise the risk of overdose a lot. "
            "Knowing which ones helps people plan."
        ),
        key_points=(
            N_(
                "Opioids with alcohol, benzodiazepines, gabapentin or other sedatives is the most "
                "dangerous mix: each slows breathing, and together they can stop it. Xylazine, "
                "found in some of the fentanyl supply, adds to this."
            ),
            N_(
                "Stimulants with opioids can hide how strong each one is. When the stimulant "
                "wears off, the opioid can still cause an overdose."
            ),
            N_(
                "Alcohol with cocaine makes cocaethylene in the body, which strains the heart "
                "more than either one alone."
            ),
            N_(
                "MDMA with some antidepressants or other stimulants raises the risk of "
                "overheating and serotonin syndrome."
            ),
            N_(
                "If you mix: take less of each, space them out, avoid using alone, and keep "
                "naloxone nearby."
            ),
            N_(
                "Telling a doctor or pharmacist what you use when you get a prescription lets "
                "them warn you about risky combinations."
            ),
        ),
        questions=(
            N_("Which combinations have surprised you, or people you know?"),
            N_("What could make it easier to space substances out or take less of each?"),
            N_("Who could be with you, or check on you, when you mix?"),
        ),
    ),
    Outline(
        slug="setting-limits",
        title=N_("Setting limits"),
        summary=N_(
            "A limit is a plan you make for yourself before using: how much, how often, when or "
            "where. Limits work best when they are your own, realistic and easy to keep track "
            "of. Any step toward your goal counts."
        ),
        key_points=(
            N_(
                "Decide your limit ahead of time, when you are not under pressure. Write it down "
                "or tell someone you trust."
            ),
            N_(
                "Make it concrete: a number of drinks, an amount of money, a time to stop, or "
                "days without using."
            ),
            N_(
                "Plan how: bring only what you plan to use, eat first, alternate with water, "
                "take smaller doses, leave at a set time."
            ),
            N_("Keep a simple record. Seeing your own pattern shows what helps."),
            N_(
                "Going over a limit is information, not a reason to give up. Look at what was "
                "different in the drug, the set or the setting, and adjust."
            ),
            N_("Limits can change as your goals change. That is your choice to make."),
        ),
        questions=(
            N_("What limit have you kept before, even once? What helped?"),
            N_("What gets in the way of a limit for you?"),
            N_("What is one small limit you would like to try this week?"),
        ),
    ),
    Outline(
        slug="coping-with-cravings",
        title=N_("Coping with cravings"),
        summary=N_(
            "Cravings are strong urges to use. They are common, they rise and fall like a wave, "
            "and they often pass within 15 to 30 minutes. A few ways to ride them out give you "
            "more choice in the moment."
        ),
        key_points=(
            N_(
                "Notice the trigger: a place, a person, a feeling, a time of day, or being "
                "hungry, angry, lonely or tired."
            ),
            N_(
                "Urge surfing: notice where you feel the craving in your body and breathe "
                "through it, knowing the wave will peak and fall."
            ),
            N_("Delay: wait 15 minutes before deciding. The urge is often smaller by then."),
            N_(
                "Distract or move: walk, call someone, eat something, take a shower, do "
                "something with your hands."
            ),
            N_("Change the setting: leave the place, or spend time with different people."),
            N_(
                "If you do use, nothing is lost. Using less, more safely, or later than you "
                "would have is still a change."
            ),
        ),
        questions=(
            N_("What are your usual triggers?"),
            N_("What has helped you ride out an urge, even once?"),
            N_("Who could you call or text when a craving hits?"),
        ),
    ),
    Outline(
        slug="stages-of-change",
        title=N_("Stages of change"),
        summary=N_(
            "People go through stages when they think about any change: not considering it "
            "yet, considering it, preparing, acting, and keeping it going. Moving back and forth "
            "is normal. Knowing where you are helps you choose a next step that fits."
        ),
        key_points=(
            N_(
                "Not considering yet: you may see no reason to change right now, and that is "
                "respected here."
            ),
            N_(
                "Considering: you see reasons for and against. Feeling both ways at once is common."
            ),
            N_("Preparing: you plan to change something soon and start getting ready."),
            N_(
                "Acting: you are changing something now, such as using less, using more safely, "
                "or stopping."
            ),
            N_("Keeping it going: the change has lasted a while and you work on keeping it."),
            N_(
                "People move between stages, and can be at a different stage for each "
                "substance. No stage is a condition for coming to this group."
            ),
        ),
        questions=(
            N_("Where are you with each substance you use, if you want to say?"),
            N_("What would help you take one small step, if you want one?"),
            N_("What did you learn the last time something changed for you?"),
        ),
    ),
    Outline(
        slug="talking-with-a-doctor",
        title=N_("Talking with a doctor"),
        summary=N_(
            "Telling a doctor or nurse about alcohol or drug use can get you safer "
            "prescriptions, better care, and treatment if you want it. You choose what to "
            "share. A little preparation makes the conversation easier."
        ),
        key_points=(
            N_(
                "Doctors need to know what you take to avoid dangerous interactions with "
                "medicines, and to check your liver, heart, lungs and veins."
            ),
            N_(
                "In the US, health information is private under HIPAA, and records from "
                "substance use treatment programs have extra protection (42 CFR Part 2)."
            ),
            N_(
                "Bring notes: what you use, how much and how often, and what you want help with, "
                "such as sleep, pain, withdrawal or cutting down."
            ),
            N_(
                "You can ask about methadone or buprenorphine for opioids, naltrexone or "
                "acamprosate for alcohol, a naloxone prescription, and HIV and hepatitis C tests."
            ),
            N_(
                "You can bring someone you trust, and ask for a different provider if you feel "
                "judged."
            ),
            N_("You set your goals. A good provider works with them."),
        ),
        questions=(
            N_("What would you want a doctor to know about you?"),
            N_("What has made talking to a health worker easier or harder before?"),
            N_("What question would you like to ask at your next visit?"),
        ),
    ),
)


# Where the facts come from, shown under each built-in outline (titles, not translated).
SOURCES: dict[str, tuple[str, ...]] = {
    "drug-set-setting": (
        "Zinberg NE. Drug, Set, and Setting. Yale University Press, 1984.",
        "Harm Reduction International. What is harm reduction?",
    ),
    "naloxone-overdose-response": (
        "SAMHSA. Opioid Overdose Prevention Toolkit, 2018.",
        "CDC. Lifesaving Naloxone, 2024.",
    ),
    "safer-use-by-route": (
        "CDC. Syringe Services Programs (SSPs) Fact Sheet.",
        "National Harm Reduction Coalition. Safer drug use resources.",
    ),
    "mixing-substances": (
        "FDA. Drug Safety Communication on opioids with benzodiazepines, 2016.",
        "CDC. Polysubstance Use Facts.",
    ),
    "setting-limits": ("NIAAA. Rethinking Drinking.",),
    "coping-with-cravings": ("NIAAA. Rethinking Drinking: Handling urges to drink.",),
    "stages-of-change": (
        "Prochaska JO, DiClemente CC. J Consult Clin Psychol 1983;51:390-395.",
        "SAMHSA. TIP 35: Enhancing Motivation for Change, 2019.",
    ),
    "talking-with-a-doctor": (
        "HHS. Your rights under HIPAA.",
        "42 CFR Part 2: Confidentiality of Substance Use Disorder Patient Records.",
    ),
}
