"""Every service of the shelter in one namespace, for callers that drive several areas at once
(the demo data, test set-ups). The shelter's own modules import each area's services directly."""
from __future__ import annotations

from housing.shelter.extensions.services import decide_extension, request_extension
from housing.shelter.night.services import edit_shift_entry, save_night_check, write_shift_entry
from housing.shelter.rooms.services import (add_bed, create_room, hold_beds, release_hold, return_bed_to_service,
                                            take_bed_out_of_service)
from housing.shelter.stays.services import (AdmissionInput, AlreadyAdmitted, ChildInput, ShelterSettings, admit,
                                            discharge, set_restriction, transfer, undo_discharge)
from housing.shelter.turnaways.services import TurnAwayInput, record_turn_away
from housing.shelter.waiting.services import ReferralInput, close_referral, create_referral, undo_close_referral

__all__ = ["AdmissionInput", "AlreadyAdmitted", "ChildInput", "ReferralInput", "ShelterSettings", "TurnAwayInput",
           "add_bed", "admit", "close_referral", "create_referral", "create_room", "decide_extension", "discharge",
           "edit_shift_entry", "hold_beds", "record_turn_away", "release_hold", "request_extension",
           "return_bed_to_service", "save_night_check", "set_restriction", "take_bed_out_of_service", "transfer",
           "undo_close_referral", "undo_discharge", "write_shift_entry"]
