// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_REFERENCE_APPLICATION_H
#define SAGIN_CVL_REFERENCE_APPLICATION_H

#include "cvl-context.h"
#include "device-profile.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <set>
#include <vector>

namespace ns3
{
namespace sagin
{

class SaginNetDevice;

/**
 * @ingroup sagin
 * @brief The reference side of cross-view localization on a satellite: it images the
 *        locations below it, runs the full model on board and sends the features, with their
 *        geographic tags, to the base stations it sees; each base station's server keeps them
 *        as its gallery.
 *
 * Every Interval the satellite takes the locations it sees at ImagingElevationDeg or more
 * (elevation of the satellite above the location's horizon) and has not imaged yet, and
 * computes their full-model features one after the other (simulated time and energy of the
 * full model's MACs per image, on the node's ComputeEnergyModel or on Profile without one).
 * Then, to every base station whose link from the satellite is not in outage, it sends the
 * gallery entries that station has not had from it, over one TCP connection per station.
 * When a connection breaks, the entries sent on it are sent again on the next visit.
 */
class CvlReferenceApplication : public Application
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    CvlReferenceApplication();
    ~CvlReferenceApplication() override;

    /// @param context the scenario's shared context
    void SetContext(Ptr<CvlContext> context);

    /// @return the locations imaged so far
    const std::set<uint32_t>& GetImaged() const;

    /**
     * TracedCallback signature of an imaged location.
     * @param location the location
     * @param elevationDeg the satellite's elevation seen from it, degrees
     */
    typedef void (*ImagedTracedCallback)(uint32_t location, double elevationDeg);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// The connection to one base station.
    struct Link
    {
        Ptr<Socket> socket;            //!< the connection
        std::deque<uint32_t> outgoing; //!< locations whose entries are still to go out
        std::vector<uint8_t> current;  //!< the entry being sent (full fidelity)
        uint64_t currentBytes{0};      //!< its size
        uint64_t queued{0};            //!< its bytes handed to the socket
        std::set<uint32_t> sent;       //!< locations sent on this connection
        bool flowOpen{false};          //!< flow-level transport: connection set up
        uint64_t flowMessage{0};       //!< flow-level transport: entries on their way, 0 none
        std::vector<uint32_t> flowLocations; //!< flow-level transport: their locations
    };

    void Tick();
    /// @return whether no location can see this node at the imaging elevation or higher
    bool AllBelowImagingElevation(const Vector& position);
    void Imaged(std::vector<uint32_t> locations);
    void Deliver();
    void Pump(Ptr<Socket> socket, uint32_t available);
    void HandleClose(Ptr<Socket> socket);
    void PumpFlow(uint32_t station);
    void FlowDelivered(uint32_t station, uint64_t message);
    void FlowEntryArrived(uint32_t station, uint64_t message, uint32_t index);
    /// The base stations with a server, found once: node, device.
    const std::vector<std::pair<Ptr<Node>, Ptr<SaginNetDevice>>>& GetStations();
    Ptr<DeviceProfile> GetComputeProfile() const;

    Ptr<CvlContext> m_context;        //!< scenario context
    Ptr<DeviceProfile> m_profile;     //!< payload profile without a ComputeEnergyModel
    Time m_interval;                  //!< time between imaging passes
    double m_imagingElevationDeg;     //!< least elevation for imaging, degrees
    uint16_t m_port;                  //!< server port
    Ptr<SaginNetDevice> m_device;     //!< the satellite's device
    bool m_running;                   //!< between start and stop
    bool m_computing;                 //!< whether a batch of images is being computed
    std::set<uint32_t> m_imaged;      //!< locations with features
    // The locations' centre and radius, to tell at one elevation that none is in view.
    bool m_haveArea{false};           //!< whether the two below are set
    Vector m_areaCentre;              //!< the locations' mean position
    double m_areaRadiusM{0};          //!< the largest distance of a location from it
    std::map<uint32_t, Link> m_links; //!< base station node id → connection
    std::vector<std::pair<Ptr<Node>, Ptr<SaginNetDevice>>> m_stations; //!< see GetStations()
    bool m_haveStations{false};                                        //!< m_stations is set
    EventId m_tickEvent;              //!< next pass
    EventId m_computeEvent;           //!< end of the computation
    TracedCallback<uint32_t, double> m_imagedTrace; //!< imaged locations
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_REFERENCE_APPLICATION_H
