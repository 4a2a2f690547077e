"""Words that decide how an event's arguments are read: reviewed lists,
each with the construction it serves (used by :mod:`tidings.stages.eventargs`
and :mod:`tidings.stages.events`)."""

from __future__ import annotations

#: Nouns of leaving: their "from" phrase is where, not who.
DEPARTURES = frozenset(
    {"withdrawal", "pullout", "pullback", "departure", "retreat", "evacuation", "exit", "expulsion", "exodus"}
)

#: Nouns that make a "with" phrase name a helper, not a target ("with
#: Albania's help", "with the backing of the UN").
HELP = frozenset({"help", "support", "assistance", "backing", "cooperation", "participation", "blessing"})

#: Nouns of what is given: as the subject of a passive verb of giving they
#: are the gift, not its recipient, and their "from" phrase names the giver
#: ("help from Qatar is being given to X").
GIFTS = HELP | frozenset(
    {"aid", "money", "weapon", "arm", "arms", "fund", "funding", "cash", "equipment", "supply", "food",
     "medicine", "loan", "grant", "ammunition"}
)  # fmt: skip

#: Verbs of giving, whose passive subject may be the gift (``GIFTS``).
GIVE = frozenset(
    {"give", "send", "deliver", "provide", "supply", "offer", "transfer", "ship", "hand", "donate", "grant",
     "pledge", "extend", "allocate", "airlift", "distribute", "channel", "funnel", "smuggle"}
)  # fmt: skip

#: Nouns of an "in ... of/to/against/for" phrase that name whom an act
#: defies or answers ("in defiance of Chinese authorities", "in protest
#: against the ban", "in retaliation for attacks by X").
STANCE_NOUNS = frozenset({"defiance", "protest", "opposition", "retaliation"})

#: Verbs whose passive form states the subject's stance ("Israel is opposed
#: to X"): the subject is the actor, the ``to`` object the recipient.
STANCE_PASSIVES = frozenset({"oppose"})

#: Nouns for forces a party moves ("withdrew its troops", "sent their
#: fighters"): with a possessive pronoun, the actor's own, never the recipient.
FORCES = frozenset(
    {"troop", "force", "soldier", "army", "military", "unit", "personnel", "fighter", "militia", "contingent"}
)

#: Nouns of mass unrest: a country named as their possessor is where they
#: happen and whom they rise against ("Syria's uprising"), not who rises.
UNREST = frozenset({"uprising", "revolt", "unrest", "revolution", "rebellion", "insurrection", "intifada"})

#: Verbs that put or find someone "under" an act ("put under investigation",
#: "came under attack"); not "under the deal, X will ...".
UNDER_VERBS = frozenset({"put", "place", "come", "be", "remain", "keep", "hold", "fall", "bring"})

#: Nouns that make the noun before them an act ("mediation mission",
#: "rescue operation", "recruitment campaign").
EVENTIVE_HEADS = frozenset(
    {
        "mission",
        "effort",
        "operation",
        "campaign",
        "process",
        "bid",
        "attempt",
        "initiative",
        "drive",
        "programme",
        "program",
    }
)

#: Nouns of a party's own conduct: a country named as their possessor
#: ("Iran's support for ...", "Tehran's efforts to ...") is who acts, not
#: where another act in the sentence takes place.
CONDUCT = EVENTIVE_HEADS | frozenset(
    {
        "support", "backing", "help", "aid", "assistance", "decision", "plan", "policy", "involvement",
        "intervention", "role", "strategy", "offer", "proposal", "demand", "call", "response",
        "reaction", "refusal", "failure", "push", "stance", "position", "approach",
    }
)  # fmt: skip

#: Verbs whose subject is given what their object names ("Kenya received
#: aid from Britain", "if he does not get the funding"): the subject is the
#: act's recipient and a "from" phrase its actor.
RECEIVE = frozenset({"receive", "get", "accept", "obtain", "secure", "win", "gain"})

#: Verbs whose subject judges, reports or suffers an act named by their
#: object ("Kenya condemned the attacks", "the attack was investigated
#: by the UN"), or stops it (``SUPPRESS``: "troops crushed the revolt"), as
#: opposed to performing it ("launched an attack"): the subject is never the
#: act's actor.
REACTIONS = frozenset(
    {
        "condemn", "denounce", "criticize", "criticise", "deplore", "decry", "slam", "blast", "blame",
        "protest", "reject", "deny", "dismiss", "welcome", "praise", "hail", "applaud", "investigate",
        "probe", "report", "confirm", "witness", "survive", "fear", "oppose", "mourn", "regret",
        "lament", "commemorate", "remember", "document", "record", "monitor", "verify", "describe",
        "discuss", "debate", "recall", "note", "cite", "acknowledge", "ignore", "suffer", "endure",
        "question", "challenge", "dispute", "see", "watch", "film", "photograph", "face",
        "thwart", "foil", "prevent", "repel", "repulse", "resist",
    }
)  # fmt: skip

#: Verbs that stop an act by force ("crushed the revolt"); with their
#: particle: "put down", "broke up".
SUPPRESS = frozenset({"suppress", "crush", "quell", "repress", "disperse"})
SUPPRESS_PRT = {"put": "down", "break": "up"}

#: Verbs that report what their subject says, announces or decides.
SAY = frozenset(
    {
        "say", "announce", "confirm", "state", "declare", "add", "tell", "report", "insist", "claim",
        "warn", "indicate", "signal", "stress", "reiterate", "vow", "pledge", "promise", "decide",
        "affirm", "assert", "acknowledge", "admit", "deny", "threaten", "agree", "write", "inform",
        "charge", "allege", "complain", "accuse", "argue", "contend", "note", "maintain",
    }
)  # fmt: skip
